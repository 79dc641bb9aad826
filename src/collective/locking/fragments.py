"""What of an item may be locked on its own: its fields (not read-only
ones), and each of its Volto blocks (``blocks/{id}``)."""

from Acquisition import aq_base
from collective.locking.rules import BLOCKS
from plone.dexterity.utils import iterSchemata
from zope.schema import getFields


#: A cache of this process: lockable field names by the schemata of an
#: item (its type's and its behaviors'), the same for every item of a type.
FIELD_NAMES = {}


def field_names(item):
    """The item's fields that may be locked (not read-only ones)."""
    schemata = tuple(iterSchemata(item))
    names = FIELD_NAMES.get(schemata)
    if names is None:
        names = FIELD_NAMES[schemata] = frozenset(
            name
            for schema in schemata
            for name, field in getFields(schema).items()
            if not field.readonly
        )
    return names


def fragment_names(item):
    """Every name a fragment lock of the item may hold."""
    names = field_names(item)
    if BLOCKS not in names:
        return names
    return names | {f"{BLOCKS}/{block}" for block in block_ids(item)}


def block_ids(item):
    """The ids of the item's current Volto blocks."""
    blocks = getattr(aq_base(item), BLOCKS, None)
    return set(blocks) if isinstance(blocks, dict) else set()
