"""The locks of one item: the model every entry point asks.

The rules are the named functions of ``rules``; this adapter applies them to
one item for the current user, writes the item's lock table (``storage``),
and tells the rest of the site through events: Zope's own locks
(``zope_sync``), the site-wide index, the history and the log follow them.
"""

from collective.locking import _
from collective.locking import clock
from collective.locking import events
from collective.locking import pending
from collective.locking import rules
from collective.locking import scope
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockConflict
from collective.locking.errors import LockGone
from collective.locking.errors import LockNotBreakable
from collective.locking.errors import LockNotHeld
from collective.locking.errors import NotLockable
from collective.locking.interfaces import ANNOTATION_KEY
from collective.locking.interfaces import DEFAULT_LOCK_TYPE
from collective.locking.interfaces import EXPIRED
from collective.locking.interfaces import FORCED
from collective.locking.interfaces import IItemLocks
from collective.locking.interfaces import RELEASED
from collective.locking.interfaces import TOKEN_BYTES
from collective.locking.interfaces import UNKNOWN
from collective.locking.interfaces import ZOPE_MAX_TIMEOUT
from collective.locking.lock import Lock
from collective.locking.messages import GONE_MESSAGES
from collective.locking.messages import LOCKED
from collective.locking.messages import NOT_HELD
from collective.locking.messages import NOT_LOCKABLE
from collective.locking.messages import not_user_unlockable
from collective.locking.mirror import marked_non_stealable
from collective.locking.principal import current_user_id
from collective.locking.principal import current_user_name
from collective.locking.reading import LockReader
from collective.locking.settings import default_timeout
from collective.locking.settings import settings
from collective.locking.storage import record_expires
from collective.locking.zope_sync import ZopeLocksInStep
from plone.protect.auto import safeWrite
from zope.component import adapter
from zope.event import notify
from zope.interface import implementer
from zope.interface import Interface

import secrets


@implementer(IItemLocks)
@adapter(Interface)
def item_locks(context):
    """The ``IItemLocks`` of ``context``: one per item and request (kept in
    the request's scope with the wrapper it was asked for), a new one where
    there is no request."""
    request_scope = scope.of()
    if request_scope is None:
        return ItemLocks(context)
    # Kept with the wrapper: while it lives, no other object has its id.
    found = request_scope.models.get(id(context))
    if found is None:
        found = request_scope.models[id(context)] = (context, ItemLocks(context))
    return found[1]


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


@implementer(IItemLocks)
@adapter(Interface)
class ItemLocks(LockReader, ZopeLocksInStep):
    """Locks of ``context``, acting for the current user: a broker over the
    item's lock table (acquire, refresh, release, break; the queries are
    ``LockReader``'s, keeping Zope's locks in step ``ZopeLocksInStep``'s).
    """

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
                fragments=fragments,
                refreshed=now,
                **rules.changed_settings(timeout, stealable),
            )
        else:
            lock = self._new_lock(fragments, stealable, timeout, lock_type, now)
        lock = self._store(lock)
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
            token=self._table(create=True).marked(new_token()),
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

    def forget(self):
        annotations = self._annotations()
        if annotations is not None and ANNOTATION_KEY in annotations:
            del annotations[ANNOTATION_KEY]

    # Internals

    def _renew(self, lock, now, timeout=None, stealable=None):
        lock = lock.with_changes(refreshed=now, **rules.changed_settings(timeout, stealable))
        lock = self._store(lock)
        notify(events.LockRefreshedEvent(self.context, lock))
        return lock

    def _write_record(self, lock):
        table = self._table(create=True)
        table.put(lock.token, lock.to_record())
        safeWrite(table)

    def _store(self, lock):
        """Write ``lock``'s record (a foreign lock has none); returns the
        lock as stored. Its Zope lock follows the event the caller sends."""
        if not lock.fragments:
            lock = self._marked(lock)
        if not lock.foreign:
            self._write_record(lock)
        return lock

    def _remove(self, lock, reason):
        table = self._table()
        if table is not None and lock.token in table.locks:
            table.remove(lock.token, reason, clock.now())
            safeWrite(table)
            safeWrite(table.ended)

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
