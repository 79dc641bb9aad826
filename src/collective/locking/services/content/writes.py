"""What a content PATCH writes: fields, and Volto's blocks one by one.

Two ways to send a change:

- a plain PATCH (``application/json``) sends whole field values. Volto sends
  the whole ``blocks`` field: a block whose value equals the stored one is
  not a write, so editors of different blocks do not stop each other;
- a merge patch (``application/merge-patch+json``, RFC 7396) merges into
  the stored values: ``{"blocks": {"{id}": {...}}}`` writes one block,
  ``null`` removes it. It is turned into the plain PATCH it means (whole
  values), which plone.restapi's field deserializers then write as usual.

Stored values are compared and merged in the form the API shows them (the
fields' serializers), which is the form clients send back. A block sent back
as it was shown is not a write, and is stored as it was: plone.restapi's
deserializers would store some blocks anew even so (a teaser's link and its
target's summary), and the write guard would then see them written.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from collective.locking import rules
from collective.locking import scope
from collective.locking.rules import BLOCKS
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.dexterity.utils import iterSchemata
from plone.restapi.deserializer.blocks import BlocksJSONFieldDeserializer
from plone.restapi.interfaces import IFieldSerializer
from plone.supermodel.utils import mergedTaggedValueDict
from zope.component import queryMultiAdapter
from zope.component import queryUtility
from zope.schema import getFields
from zope.security.interfaces import IPermission


MERGE_PATCH = "application/merge-patch+json"


def is_merge_patch(request):
    content_type = (request.getHeader("Content-Type") or "").split(";")[0].strip().lower()
    return content_type == MERGE_PATCH


def merge(target, patch):
    """RFC 7396: ``patch`` merged into ``target``."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge(merged.get(key), value)
    return merged


def fields_of(context):
    found = {}
    for schema in iterSchemata(context):
        for name, field in getFields(schema).items():
            found.setdefault(name, field.bind(context))
    return found


def shown_value(context, request, field):
    """A field's value in the form the API shows it (and clients send)."""
    serializer = queryMultiAdapter((field, context, request), IFieldSerializer)
    if serializer is None:
        return None
    return serializer()


def shown_blocks(context, request):
    """The item's blocks in the form the API shows them, made once per
    request (a serialization of every block) while the stored value stays
    the one they were made from."""
    stored = getattr(aq_base(context), BLOCKS, None)
    memo = scope.of(request).shown_blocks
    found = memo.get(scope.item_key(context))
    if found is None or found[0] is not stored:
        field = fields_of(context).get(BLOCKS)
        found = (stored, shown_value(context, request, field) if field is not None else None)
        memo[scope.item_key(context)] = found
    return found[1]


def plain_body(context, request, patch):
    """The plain PATCH that a merge patch means: whole values of the
    fields it names, the stored ones merged with the patch."""
    fields = fields_of(context)
    body = {}
    for key, value in patch.items():
        field = fields.get(key)
        if key == BLOCKS and isinstance(value, dict):
            body[key] = merge(shown_blocks(context, request), value)
        elif isinstance(value, dict) and field is not None:
            body[key] = merge(shown_value(context, request, field), value)
        else:
            body[key] = value
    return body


def renames(context, body):
    """Whether the save renames the item: a new ``id`` that plone.shortname's
    field takes (plone.restapi ignores it where the user may not write it)."""
    new_id = body.get("id")
    if not isinstance(new_id, str) or not new_id or new_id == context.getId():
        return False
    for schema in iterSchemata(context):
        if "id" in getFields(schema):
            permission = mergedTaggedValueDict(schema, WRITE_PERMISSIONS_KEY).get("id")
            if permission is None:
                return True
            name = getattr(queryUtility(IPermission, name=permission), "title", permission)
            return bool(getSecurityManager().checkPermission(name, context))
    return False


def written_by_merge(patch):
    """What a merge patch writes: the blocks it names, the other fields."""
    written = set()
    for key, value in patch.items():
        if key == BLOCKS and isinstance(value, dict):
            written |= {f"{BLOCKS}/{block}" for block in value}
        else:
            written.add(key)
    return sorted(written)


def written_by_plain(context, request, body):
    """What a plain PATCH writes: its fields, and, of ``blocks``, the blocks
    that differ from the stored ones (added, changed or removed)."""
    written = set(body) - {BLOCKS}
    if BLOCKS in body:
        written |= rules.changed_blocks(shown_blocks(context, request), body[BLOCKS])
    return sorted(written)


class BlocksDeserializer(BlocksJSONFieldDeserializer):
    """plone.restapi's deserializer of the blocks field, which keeps the
    stored value of every block the client sent back as it was shown."""

    def __call__(self, value):
        stored = getattr(aq_base(self.context), BLOCKS, None)
        changed = {BLOCKS}
        if self.field.getName() == BLOCKS and isinstance(stored, dict):
            # Before plone.restapi's transforms, which change what was sent.
            changed = rules.changed_blocks(shown_blocks(self.context, self.request), value)
        result = super().__call__(value)
        if BLOCKS in changed or not isinstance(result, dict):
            return result
        return {
            block: stored[block] if block in stored and f"{BLOCKS}/{block}" not in changed else data
            for block, data in result.items()
        }
