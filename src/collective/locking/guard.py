"""The write guard: locks hold whatever path a write takes.

Plone writes content through many doors (REST, the classic forms, the ZMI,
folder_contents, WebDAV, workflow, versioning, scripts). Instead of a check
in each of them, the guard looks at what a request's transaction is about
to commit: every content item whose record changed, the attributes that
changed (compared with the committed state), the fields those attributes
store, and whether a lock that the request cannot open covers one of them.
If so the commit is refused (403) and nothing is written.

A field write is opened by the lock's token (``Lock-Token``, or a WebDAV
``If`` header) or by its owner's identity: the classic UI and WebDAV clients
have no tokens, and plone.locking has always let the owner edit. Workflow
transitions change no field (state, history and permissions are not
fields); dates they set (``effective``, ``expires``) are fields. Locks
broken in the same transaction still guard their fields.

Trusted code (upgrade steps, GenericSetup imports, scripts that ask for it)
passes by one named mechanism, ``trust_this_transaction(reason)``.
"""

from Acquisition import aq_base
from collective.locking import _
from collective.locking import logger
from collective.locking import pending
from collective.locking import rules
from collective.locking import zodb
from collective.locking.errors import Forbidden
from collective.locking.errors import LockConflict
from collective.locking.errors import translated
from collective.locking.locks import item_locks
from collective.locking.request import request_tokens
from collective.locking.rules import BLOCKS
from collective.locking.settings import installed_here
from plone.app.uuid.utils import uuidToObject
from plone.base.interfaces.siteroot import IPloneSiteRoot
from plone.uuid.interfaces import IUUID
from Products.CMFCore.interfaces import IContentish
from types import MappingProxyType
from webdav.common import Locked
from ZODB.POSException import POSKeyError
from zope.globalrequest import getRequest

import transaction


#: Schema fields stored under another attribute name (plone.app.dexterity's
#: metadata behaviors); every other field is stored under its own name.
STORED_AS = MappingProxyType(
    {"subjects": "subject", "effective": "effective_date", "expires": "expiration_date"}
)

#: WebDAV methods that change Zope locks behind the model's back.
ZOPE_LOCK_METHODS = ("LOCK", "UNLOCK")


def trust_this_transaction(reason):
    """Let the current transaction write past every lock (and say why, in the
    log). For upgrade steps, imports and maintenance scripts: code that knows
    it must change locked items. Nothing a request sends can ask for it."""
    logger.info("collective.locking: writes of this transaction are trusted: %s", reason)
    pending.trust(reason)


def watch_request(event):
    """IPubStart: check the request's transaction before it commits."""
    transaction.get().addBeforeCommitHook(check_transaction, (event.request,))


def trust_setup_tool(event):
    """IBeforeProfileImportEvent: GenericSetup imports and upgrades change
    content on purpose."""
    trust_this_transaction(f"GenericSetup import of {event.profile_id or 'a profile'}")


def check_transaction(request):
    """Refuse the commit if it writes a field that a lock forbids."""
    txn = transaction.get()
    if pending.trusted(txn):
        return
    changed = [
        (connection, obj)
        for connection in zodb.joined_connections(txn)
        for obj in changed_items(connection)
    ]
    zope_lock_method = request.get("REQUEST_METHOD") in ZOPE_LOCK_METHODS
    # Most requests change no item: the site is asked only when one does.
    if not (changed or zope_lock_method) or not installed_here():
        return
    tokens = set(request_tokens(request))
    for connection, obj in changed:
        check_item(connection, obj, tokens)
    if zope_lock_method:
        follow_zope_locks(published_item(request))


def changed_items(connection):
    """Content items (not new ones) whose own record this transaction
    changes, savepoints included."""
    new = zodb.new_oids(connection)
    return [
        obj
        for obj in zodb.changed_objects(connection)
        if obj._p_oid is not None
        and obj._p_oid not in new
        and (IContentish.providedBy(obj) or IPloneSiteRoot.providedBy(obj))
    ]


def check_item(connection, obj, tokens):
    locks = item_locks(obj)
    every = locks.active() + pending.broken(obj)
    if not every:
        return
    # Owners pass here: the guard is the net under every way in, the classic
    # UI and WebDAV included; REST services ask for tokens before it.
    holding = locks.blocking(None, tokens, owner_passes=True, among=every)
    if not holding and zope_locks_in_step(obj, locks):
        return  # the request opens every lock: whatever it writes, no load
    old = committed_state(connection, obj)
    if old is None:
        return
    new = obj.__getstate__()
    changed = changed_attributes(old, new)
    if "_dav_writelocks" in changed and not pending.written(obj):
        follow_zope_locks(wrapped(obj))  # the ZMI's DavLocks page, wl_clearLocks()
    fields = written_fields(locks, changed, old, new)
    blocking = locks.blocking(fields, tokens, owner_passes=True, among=holding) if fields else []
    if blocking:
        covered = rules.covered_by(blocking, fields)
        owners = ", ".join(sorted({str(lock.creator) for lock in blocking}))
        message = _(
            "${item} is locked by ${owners}: cannot write ${fields}.",
            mapping={"item": obj.getId(), "owners": owners, "fields": ", ".join(covered)},
        )
        raise Forbidden(
            message,
            locks=blocking,
            fields=covered,
        )


def zope_locks_in_step(obj, locks):
    """Whether the item's Zope locks are those of its resource locks (or
    the model wrote them in this transaction): else something changed them
    behind the model's back (the ZMI), and the guard follows."""
    if pending.written(obj):
        return True
    in_zope = set(getattr(aq_base(obj), "_dav_writelocks", None) or {})
    return in_zope == {lock.token for lock in locks.active() if not lock.fragments}


def committed_state(connection, obj):
    """The item's state as committed, as the transaction began."""
    try:
        return zodb.committed_state(connection, obj)
    except POSKeyError:
        return None


def changed_attributes(old, new):
    names = set(old) | set(new)
    return {
        name
        for name in names
        if not rules.same(old.get(name, rules.MISSING), new.get(name, rules.MISSING))
    }


def written_fields(locks, attributes, old, new):
    """The item's lockable fields stored in ``attributes``; for Volto's
    blocks, the blocks that changed (``blocks/{id}``: added, removed or
    changed), so that editors of different blocks do not stop each other."""
    if not attributes:
        return []
    written = set()
    for name in locks.field_names():
        if STORED_AS.get(name, name) not in attributes:
            continue
        if name == BLOCKS:
            written |= rules.changed_blocks(old.get(BLOCKS), new.get(BLOCKS))
        else:
            written.add(name)
    return sorted(written)


def wrapped(obj):
    """The item with its acquisition chain (changed objects come unwrapped),
    found by its UID."""
    uid = IUUID(obj, None)
    found = uuidToObject(uid, unrestricted=True) if uid else None
    return found if found is not None and aq_base(found) is aq_base(obj) else None


def published_item(request):
    published = request.get("PUBLISHED")
    item = getattr(published, "__self__", published)
    if IContentish.providedBy(item) or IPloneSiteRoot.providedBy(item):
        return item
    return None


def follow_zope_locks(item):
    """Keep the model in step with a change to the item's Zope locks; a
    WebDAV LOCK the model's rules forbid (beside a fragment lock) is 423."""
    if item is None:
        return
    try:
        item_locks(item).sync_with_zope()
    except LockConflict as conflict:
        owners = ", ".join(sorted({str(lock.creator) for lock in conflict.locks}))
        request = getRequest()
        if request is not None:  # the refused LOCK's token names no lock
            for name in ("lock-token", "Lock-Token"):
                request.response.headers.pop(name, None)
        # Zope shows the text of Locked as it is: told in the request's language.
        message = _(
            "${item} is locked by ${owners}.", mapping={"item": item.getId(), "owners": owners}
        )
        raise Locked(translated(message, request)) from None
