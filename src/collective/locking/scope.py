"""What the current request has said about locks, gathered in one place.

One ``RequestScope`` per request (kept on the request), with named parts;
none of it outlives the request, and code without a request has none:

- ``writes``: by item, what the request writes there, as the service that
  read its body (or the classic edit form, while it updates) declared it
  (``ILockable.locked()`` answers for that);
- ``kept``: by item, the ids of the user's own locks that a classic form's
  Save or Cancel leaves alone (the form took other ones);
- ``shown_blocks``: by item, its blocks as the API showed them, with the
  stored value they were made from;
- ``bulk``: the request releases locks in bulk (Site Setup), as the
  history records it;
- ``changed_locks``: the request changed locks (a sweep of expired ones
  follows it);
- ``memo``: answers remembered for the request (``memo.per_request``);
- ``models``: by item (its acquisition wrapper, kept alive with it), its
  ``IItemLocks``: one model per item and request, so that the service, the
  ``ILockable`` answers and the guard share one reading of its locks.
"""

from Acquisition import aq_base
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest


KEY = "collective.locking.scope"


@dataclass(frozen=True)
class Writes:
    """What a request writes in one item: ``fields`` (names, ``blocks/{id}``
    for single blocks; None: the item as a whole), and whether the owner of
    a lock passes it without its token (the classic UI has no tokens)."""

    fields: frozenset | None
    owner_passes: bool = False


@dataclass
class RequestScope:
    writes: dict = field(default_factory=dict)
    kept: dict = field(default_factory=dict)
    shown_blocks: dict = field(default_factory=dict)
    bulk: bool = False
    changed_locks: bool = False
    memo: dict = field(default_factory=dict)
    models: dict = field(default_factory=dict)


def _holder(request):
    """Where ``request`` keeps its scope: Zope's requests as an attribute
    (read without a lookup, and not among the values of the request that
    error logs show), other requests in their annotations."""
    if request is None:
        return None
    attributes = getattr(request, "__dict__", None)
    return attributes if attributes is not None else IAnnotations(request, None)


def of(request=None):
    """The scope of ``request`` (by default the current one); None where
    there is no request to keep it on."""
    holder = _holder(request if request is not None else getRequest())
    if holder is None:
        return None
    found = holder.get(KEY)
    if found is None:
        found = holder[KEY] = RequestScope()
    return found


def peek(request=None):
    """The scope of ``request`` if it has one yet, else None (a request that
    said nothing gets no scope)."""
    holder = _holder(request if request is not None else getRequest())
    return holder.get(KEY) if holder is not None else None


def end_request(event):
    """IEndRequestEvent: the scope goes before its request. Its models hold
    items' acquisition wrappers, which hold the request: left on it, the
    request and all it refers to would wait for Python's cycle collector
    instead of going when the request is done."""
    holder = _holder(event.request)
    if holder is not None and holder.get(KEY) is not None:
        del holder[KEY]


def item_key(item):
    """An item's key within one request (an item stays in memory as long as
    the request that changes it)."""
    return id(aq_base(item))


def declare_writes(request, item, fields, owner_passes=False):
    """``request`` writes ``fields`` of ``item`` (None: all of it)."""
    fields = None if fields is None else frozenset(fields)
    of(request).writes[item_key(item)] = Writes(fields, owner_passes)


@contextmanager
def writing(request, item, fields, owner_passes=False):
    """Within this block ``request`` writes ``fields`` of ``item``."""
    writes = of(request).writes
    key = item_key(item)
    before = writes.get(key)
    declare_writes(request, item, fields, owner_passes)
    try:
        yield
    finally:
        if before is None:
            writes.pop(key, None)
        else:
            writes[key] = before


def declared_writes(item):
    """What the current request said it writes in ``item``, or None."""
    found = peek()
    return found.writes.get(item_key(item)) if found is not None else None


def keep_locks(request, item, lock_ids):
    """Releases of ``item``'s locks in this request leave ``lock_ids`` alone."""
    of(request).kept[item_key(item)] = frozenset(lock_ids)


def kept_locks(item):
    found = peek()
    return found.kept.get(item_key(item), frozenset()) if found is not None else frozenset()
