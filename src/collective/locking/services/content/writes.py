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
fields' serializers), which is the form clients send back.
"""

from AccessControl import getSecurityManager
from collective.locking.locks import BLOCKS
from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
from plone.dexterity.utils import iterSchemata
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


def plain_body(context, request, patch):
    """The plain PATCH that a merge patch means: whole values of the
    fields it names, the stored ones merged with the patch."""
    fields = fields_of(context)
    body = {}
    for key, value in patch.items():
        field = fields.get(key)
        if isinstance(value, dict) and field is not None:
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
    sent = body.get(BLOCKS)
    if BLOCKS in body:
        field = fields_of(context).get(BLOCKS)
        stored = shown_value(context, request, field) if field is not None else None
        if isinstance(sent, dict) and isinstance(stored, dict):
            written |= {
                f"{BLOCKS}/{block}"
                for block in set(sent) | set(stored)
                if sent.get(block) != stored.get(block)
            }
        elif sent != stored:
            written.add(BLOCKS)
    return sorted(written)
