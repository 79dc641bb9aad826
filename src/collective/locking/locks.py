"""The locks of one item: the model every entry point asks.

The rules are the named functions of ``rules``; this adapter applies them to
one item for the current user, keeps the lock table (``storage``) and the
Zope locks (``mirror``) in step, and tells the rest of the site through
events (the site-wide index, the history and the log listen to them).
"""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from collective.locking import _
from collective.locking import clock
from collective.locking import events
from collective.locking import pending
from collective.locking import rules
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockConflict
from collective.locking.errors import LockGone
from collective.locking.errors import LockNotBreakable
from collective.locking.errors import LockNotHeld
from collective.locking.errors import NotLockable
from collective.locking.interfaces import ANNOTATION_KEY
from collective.locking.interfaces import BREAK_LOCKS_PERMISSION
from collective.locking.interfaces import DEFAULT_LOCK_TYPE
from collective.locking.interfaces import EXPIRED
from collective.locking.interfaces import FORCED
from collective.locking.interfaces import IItemLocks
from collective.locking.interfaces import RELEASED
from collective.locking.interfaces import TOKEN_BYTES
from collective.locking.interfaces import UNKNOWN
from collective.locking.interfaces import ZOPE_MAX_TIMEOUT
from collective.locking.lock import Lock
from collective.locking.mirror import lockable_by_zope
from collective.locking.mirror import mark_non_stealable
from collective.locking.mirror import marked_non_stealable
from collective.locking.mirror import mirror
from collective.locking.mirror import unmark_non_stealable
from collective.locking.mirror import unmirror
from collective.locking.mirror import zope_locks
from collective.locking.rules import BLOCKS
from collective.locking.settings import default_timeout
from collective.locking.settings import settings
from collective.locking.storage import LockTable
from collective.locking.storage import record_expires
from contextlib import contextmanager
from plone.dexterity.utils import iterSchemata
from plone.protect.auto import safeWrite
from Products.CMFCore.permissions import ModifyPortalContent
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.event import notify
from zope.interface import implementer
from zope.interface import Interface
from zope.schema import getFields

import secrets


GONE_MESSAGES = {
    RELEASED: _("This lock was released."),
    FORCED: _("This lock was released by another user."),
    EXPIRED: _("This lock expired."),
    UNKNOWN: _("This token does not belong to a lock on this item."),
}

NOT_HELD = _("You hold no lock on this item.")

NOT_LOCKABLE = _("This item cannot carry locks.")

LOCKED = _("The item is locked.")


def not_user_unlockable(lock_type):
    return _(
        "This lock (${lock_type}) is held for a process such as a check-out: only "
        "that process releases it (check in or cancel the check-out).",
        mapping={"lock_type": lock_type},
    )


#: The records of an item without a lock table (never written).
NO_RECORDS = {}

#: Lockable field names by the schemata of an item (its type's and its
#: behaviors'): the same for every item of a type.
FRAGMENT_NAMES = {}


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def current_user_id():
    return getSecurityManager().getUser().getId()


def current_user_name():
    """The current user's full name (empty where it has none)."""
    user = getSecurityManager().getUser()
    get_property = getattr(user, "getProperty", None)
    name = get_property("fullname", "") if get_property is not None else ""
    return name if isinstance(name, str) else ""


def may(permission, context):
    return bool(getSecurityManager().checkPermission(permission, context))


@implementer(IItemLocks)
@adapter(Interface)
class ItemLocks:
    """Locks of ``context``, acting for the current user.

    Storage: a ``LockTable`` in the item's annotations holds every lock made
    here. Resource locks are mirrored as Zope ``LockItem``s with the same
    token; a Zope lock without a record (taken by WebDAV, or before the
    add-on was installed) counts as a foreign resource lock, and a record
    whose Zope lock was removed behind the model's back (WebDAV UNLOCK, the
    ZMI) counts as released.
    """

    def __init__(self, context):
        self.context = context

    # Reading

    def _annotations(self):
        return IAnnotations(self.context, None)

    def _table(self, create=False):
        annotations = self._annotations()
        if annotations is None:
            if create:
                raise NotLockable(NOT_LOCKABLE)
            return None
        table = annotations.get(ANNOTATION_KEY)
        if table is None and create:
            table = annotations[ANNOTATION_KEY] = LockTable()
            safeWrite(getattr(self.context, "__annotations__", None))
        return table

    def _all(self):
        """Every lock by token, expired included. Parsed once per state of
        the table and of the Zope locks, for every adapter of the item (the
        table's writes replace its dict, so identity tells; ``_v_`` values
        go when another transaction's change invalidates the table)."""
        table = self._table()
        records = table.locks if table is not None else NO_RECORDS
        zope_tokens = tuple(getattr(self.context, "_dav_writelocks", None) or ())
        parsed = getattr(table, "_v_parsed", None)
        if parsed is not None and parsed[0] is records and parsed[1] == zope_tokens:
            return parsed[2]
        found = self._read(records)
        if table is not None:
            table._v_parsed = (records, zope_tokens, found)
        return found

    def _read(self, records):
        in_zope = zope_locks(self.context)
        known = getattr(self.context, "_dav_writelocks", None) or {}
        check_mirrors = lockable_by_zope(self.context)
        found = {}
        for token, record in records.items():
            lock = Lock.from_record(token, record)
            if check_mirrors and not lock.fragments and token not in known:
                continue  # its Zope lock was removed: see sync_with_zope()
            found[token] = lock
        for token, zope_lock in in_zope.items():
            if token not in found:
                found[token] = self._foreign(token, zope_lock)
        return found

    def _foreign(self, token, zope_lock):
        creator = zope_lock.getCreator()
        return Lock(
            token=token,
            creator=creator[1] if creator else None,
            created=zope_lock.getModifiedTime(),
            refreshed=zope_lock.getModifiedTime(),
            timeout=zope_lock.getTimeout(),
            stealable=not marked_non_stealable(self.context),
            foreign=True,
        )

    def active(self, now=None):
        now = clock.now() if now is None else now
        live = [lock for lock in self._all().values() if not rules.is_expired(lock, now)]
        return sorted(live, key=lambda lock: (lock.created, lock.fragments))

    def resource_lock(self):
        for lock in self.active():
            if not lock.fragments:
                return lock
        return None

    def fragment_locks(self):
        return {name: lock for lock in self.active() for name in lock.fragments}

    def field_names(self):
        """The item's fields that may be locked (not read-only ones)."""
        schemata = tuple(iterSchemata(self.context))
        names = FRAGMENT_NAMES.get(schemata)
        if names is None:
            names = FRAGMENT_NAMES[schemata] = frozenset(
                name
                for schema in schemata
                for name, field in getFields(schema).items()
                if not field.readonly
            )
        return names

    def fragment_names(self):
        names = self.field_names()
        if BLOCKS not in names:
            return names
        return names | {f"{BLOCKS}/{block}" for block in self.block_ids()}

    def block_ids(self):
        """The ids of the item's current Volto blocks."""
        blocks = getattr(aq_base(self.context), BLOCKS, None)
        return set(blocks) if isinstance(blocks, dict) else set()

    def lock_for(self, token):
        lock = self._all().get(token) if token else None
        if lock is not None and not rules.is_expired(lock, clock.now()):
            return lock
        if lock is not None:
            reason = EXPIRED
        else:
            table = self._table()
            fate = table.fate(token) if (table is not None and token) else None
            reason = fate["reason"] if fate else UNKNOWN
            if reason == UNKNOWN and table is not None and token in table.locks:
                reason = RELEASED  # its Zope lock was removed (WebDAV UNLOCK)
        raise LockGone(GONE_MESSAGES[reason], reason)

    def check_tokens(self, tokens):
        for token in tokens:
            try:
                self.lock_for(token)
            except LockGone as gone:
                if gone.reason != UNKNOWN:
                    raise

    def owns(self, lock):
        return rules.owns(lock, current_user_id())

    def own(self):
        return [lock for lock in self.active() if self.owns(lock)]

    def blocking(self, fields, tokens, owner_passes=False, among=None):
        """The locks (``among``, by default the active ones) that forbid
        writing ``fields`` (None: the whole item) to a request carrying
        ``tokens``: the one answer the REST services, ``ILockable.locked()``
        and the write guard give."""
        tokens = set(tokens or ())
        return [
            lock
            for lock in (self.active() if among is None else among)
            if rules.blocks_write(lock, fields, tokens, self.owns(lock), owner_passes)
        ]

    def held_already(self, fragments, type_name=DEFAULT_LOCK_TYPE):
        """The current user's lock that holds just what is asked for: the
        resource lock (no fragments), or one lock covering all ``fragments``."""
        for lock in self.own():
            if lock.foreign or not lock.user_unlockable or lock.lock_type != type_name:
                continue
            if (not fragments and not lock.fragments) or (
                fragments and lock.fragments and set(fragments) <= set(lock.fragments)
            ):
                return lock
        return None

    def may_break(self, lock):
        owner = self.owns(lock)
        return rules.may_break(
            lock,
            owner,
            may_modify=owner or may(ModifyPortalContent, self.context),
            may_break_locks=not owner and may(BREAK_LOCKS_PERMISSION, self.context),
        )

    # Writing

    def acquire(self, fragments=(), stealable=None, timeout=None, token=None, lock_type=None):
        # None: "not asked for". A new lock gets the defaults; a lock taken
        # again or extended keeps its own settings (Volto locks again with an
        # empty body each time its edit form opens).
        if timeout is not None:
            timeout = rules.checked_timeout(timeout, settings()["max_timeout"])
        if stealable is not None and not isinstance(stealable, bool):
            raise InvalidLockRequest(_("stealable must be true or false."))
        fragments = () if fragments is None else fragments
        names = self.fragment_names() if fragments else ()
        fragments = rules.checked_fragments(fragments, names)
        if self._annotations() is None:
            raise NotLockable(NOT_LOCKABLE)
        now = clock.now()
        self.purge_expired(now)

        if token is not None:
            base = self.lock_for(token)
            if not self.owns(base):
                raise LockGone(GONE_MESSAGES[UNKNOWN], UNKNOWN)
            if not base.fragments or not fragments:
                raise InvalidLockRequest(
                    _("Only fragments can be added to a lock, and only to a fragment lock.")
                )
            fragments = tuple(sorted(set(base.fragments) | set(fragments)))
        else:
            # Asking again for what one holds already renews it (the same
            # token): a client that reloads, or lost its answer, goes on.
            type_name = lock_type.__name__ if lock_type is not None else DEFAULT_LOCK_TYPE
            held = self.held_already(fragments, type_name)
            if held is not None:
                return self._renew(held, now, timeout=timeout, stealable=stealable)

        conflicts = rules.conflicting(self.active(now), fragments, except_token=token)
        if conflicts:
            raise LockConflict(LOCKED, conflicts)

        if token is not None:
            lock = base.with_changes(
                fragments=fragments, refreshed=now, **rules.changed_settings(timeout, stealable)
            )
        else:
            lock = self._new_lock(fragments, stealable, timeout, lock_type, now)
        self._store(lock)
        notify(events.LockCreatedEvent(self.context, lock))
        return lock

    def _new_lock(self, fragments, stealable, timeout, lock_type, now):
        settings = {"stealable": True if stealable is None else stealable}
        if lock_type is not None:
            # plone.locking's lock types carry their own settings (minutes).
            settings = {
                "stealable": lock_type.stealable and not marked_non_stealable(self.context),
                "lock_type": lock_type.__name__,
                "user_unlockable": lock_type.user_unlockable,
            }
            timeout = timeout or min(int(lock_type.timeout * 60), ZOPE_MAX_TIMEOUT)
        return Lock(
            token=new_token(),
            creator=current_user_id(),
            creator_name=current_user_name(),
            created=now,
            refreshed=now,
            timeout=timeout or default_timeout(),
            fragments=fragments,
            **settings,
        )

    def refresh(self, token=None, timeout=None):
        if timeout is not None:
            timeout = rules.checked_timeout(timeout, settings()["max_timeout"])
        if token is None:
            lock = self.resource_lock()
            if lock is None or not self.owns(lock):
                raise LockNotHeld(NOT_HELD)
        else:
            lock = self.lock_for(token)
        return self._renew(lock, clock.now(), timeout=timeout)

    def release(self, token, fragments=None):
        lock = self.lock_for(token)
        if not lock.user_unlockable:
            raise LockNotBreakable(not_user_unlockable(lock.lock_type), lock)
        remaining = self._end(lock, RELEASED, fragments)
        notify(events.LockReleasedEvent(self.context, lock, fragments, remaining))
        return lock

    def release_own(self):
        own = self.own()
        mine = [lock for lock in own if lock.user_unlockable]
        if own and not mine:
            raise LockNotBreakable(not_user_unlockable(own[0].lock_type), own[0])
        if not mine:
            raise LockNotHeld(NOT_HELD)
        return [self.release(lock.token) for lock in mine]

    def release_refusal(self, lock):
        if (self.owns(lock) and lock.user_unlockable) or self.may_break(lock):
            return None
        if not lock.user_unlockable:
            return not_user_unlockable(lock.lock_type)
        return _(
            "This lock is not stealable: only its owner or a user with the "
            "'Break locks' permission may release it."
        )

    def force_release(self, lock, fragments=None):
        if self.owns(lock) and lock.user_unlockable:
            return self.release(lock.token, fragments)
        refusal = self.release_refusal(lock)
        if refusal is not None:
            raise LockNotBreakable(refusal, lock)
        self.break_lock(lock, fragments)
        return lock

    def break_lock(self, lock, fragments=None):
        remaining = self._end(lock, FORCED, fragments)
        pending.note_broken(self.context, lock)
        notify(
            events.LockForceReleasedEvent(
                self.context, lock, current_user_id(), fragments, remaining
            )
        )

    def release_type(self, lock_type):
        released = []
        for lock in self.active():
            if lock.lock_type == lock_type.__name__:
                self._end(lock, RELEASED)
                notify(events.LockReleasedEvent(self.context, lock))
                released.append(lock)
        return released

    def clear(self):
        for lock in self.active():
            if self.owns(lock):
                self._end(lock, RELEASED)
                notify(events.LockReleasedEvent(self.context, lock))
            else:
                self.break_lock(lock)

    def purge_expired(self, now=None):
        table = self._table()
        if table is None:
            return []
        now = clock.now() if now is None else now
        expired = [
            Lock.from_record(token, record)
            for token, record in table.locks.items()
            if record_expires(record) <= now
        ]
        for lock in expired:
            self._remove(lock, EXPIRED)
            notify(events.LockExpiredEvent(self.context, lock))
        return expired

    def sync_with_zope(self):
        table = self._table()
        records = dict(table.locks) if table is not None else {}
        known = getattr(self.context, "_dav_writelocks", None) or {}
        in_zope = zope_locks(self.context)
        for token, record in records.items():
            lock = Lock.from_record(token, record)
            if lock.fragments:
                continue
            if token not in known:
                # Released through WebDAV (UNLOCK needs the token) or broken
                # in the ZMI: either way it is gone.
                self._remove(lock, RELEASED)
                self._unmark(lock)
                notify(events.LockReleasedEvent(self.context, lock))
            elif token in in_zope and in_zope[token].getModifiedTime() > lock.refreshed + 0.5:
                refreshed = lock.with_changes(
                    refreshed=in_zope[token].getModifiedTime(),
                    timeout=in_zope[token].getTimeout(),
                )
                self._write_record(refreshed)
                notify(events.LockRefreshedEvent(self.context, refreshed))
        for token in set(in_zope) - set(records):
            foreign = self._foreign(token, in_zope[token])
            conflicts = rules.conflicting(self.active(), (), except_token=token)
            if conflicts:
                raise LockConflict(LOCKED, conflicts)
            adopted = foreign.with_changes(foreign=False)
            self._write_record(adopted)
            notify(events.LockCreatedEvent(self.context, adopted))

    @contextmanager
    def zope_locks_set_aside(self):
        """While code that Zope's lock checks would stop runs for the lock's
        own request (a rename by its owner), the Zope locks of the item's
        resource locks are set aside; they come back after, on the item."""
        resource = [lock for lock in self.active() if not lock.fragments and not lock.foreign]
        for lock in resource:
            unmirror(self.context, lock)
        try:
            yield
        finally:
            for lock in resource:
                mirror(self.context, lock)
                pending.note_written(self.context)

    def forget(self):
        annotations = self._annotations()
        if annotations is not None and ANNOTATION_KEY in annotations:
            del annotations[ANNOTATION_KEY]

    # Internals

    def _renew(self, lock, now, timeout=None, stealable=None):
        lock = lock.with_changes(refreshed=now, **rules.changed_settings(timeout, stealable))
        self._store(lock)
        notify(events.LockRefreshedEvent(self.context, lock))
        return lock

    def _write_record(self, lock):
        table = self._table(create=True)
        table.put(lock.token, lock.to_record())
        safeWrite(table)

    def _store(self, lock):
        if not lock.fragments:
            lock = self._marked(lock)
        if not lock.foreign:
            self._write_record(lock)
        if not lock.fragments:
            mirror(self.context, lock)
            pending.note_written(self.context)

    def _marked(self, lock):
        """Keep plone.locking's non-stealable marker true to a resource lock
        taken through the REST API (plone.restapi sets it there)."""
        if lock.lock_type != DEFAULT_LOCK_TYPE:
            return lock
        if not lock.stealable and not lock.marked:
            return lock.with_changes(marked=mark_non_stealable(self.context))
        if lock.stealable and lock.marked:
            unmark_non_stealable(self.context)
            return lock.with_changes(marked=False)
        return lock

    def _unmark(self, lock):
        if lock.marked:
            unmark_non_stealable(self.context)

    def _remove(self, lock, reason):
        table = self._table()
        if table is not None and lock.token in table.locks:
            table.remove(lock.token, reason, clock.now())
            safeWrite(table)
            safeWrite(table.ended)
        if not lock.fragments:
            unmirror(self.context, lock)
            pending.note_written(self.context)
            self._unmark(lock)

    def _end(self, lock, reason, fragments=None):
        """Remove ``lock``, or only some of its fragments; returns the lock
        that lives on with the other fragments, or None."""
        rest = tuple(name for name in lock.fragments if name not in (fragments or ()))
        if fragments and rest:
            remaining = lock.with_changes(fragments=rest)
            self._store(remaining)
            return remaining
        self._remove(lock, reason)
        return None
