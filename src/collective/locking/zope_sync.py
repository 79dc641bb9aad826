"""Resource locks and Zope's own locks kept in step, both ways: the Zope
lock of a resource lock follows the model's events (``follow_lock``,
``follow_end``), a change made through Zope (WebDAV, the ZMI) is taken into
the lock table, and a rename by a lock's owner sets Zope's locks aside while
Zope would refuse it. plone.locking's non-stealable marker follows the
resource lock (``mirror`` does the writing)."""

from collective.locking import events
from collective.locking import pending
from collective.locking import rules
from collective.locking.errors import LockConflict
from collective.locking.interfaces import DEFAULT_LOCK_TYPE
from collective.locking.interfaces import RELEASED
from collective.locking.lock import Lock
from collective.locking.messages import LOCKED
from collective.locking.mirror import mark_non_stealable
from collective.locking.mirror import mirror
from collective.locking.mirror import unmark_non_stealable
from collective.locking.mirror import unmirror
from collective.locking.mirror import zope_locks
from contextlib import contextmanager
from zope.event import notify


class ZopeLocksInStep:
    """Part of ``ItemLocks``: what keeps the item's Zope locks in step."""

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
                notify(events.LockReleasedEvent(self.context, lock))
            elif token in in_zope and in_zope[token].getModifiedTime() > lock.refreshed + 0.5:
                refreshed = lock.with_changes(
                    refreshed=in_zope[token].getModifiedTime(),
                    timeout=in_zope[token].getTimeout(),
                )
                self._write_record(refreshed)
                notify(events.LockRefreshedEvent(self.context, refreshed, from_zope=True))
        for token in set(in_zope) - set(records):
            foreign = self._foreign(token, in_zope[token])
            conflicts = rules.conflicting(self.active(), (), except_token=token)
            if conflicts:
                raise LockConflict(LOCKED, conflicts)
            adopted = foreign.with_changes(foreign=False)
            self._write_record(adopted)
            notify(events.LockCreatedEvent(self.context, adopted, from_zope=True))

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


def follow_lock(item, event):
    """ILockCreatedEvent, ILockRefreshedEvent: a resource lock's Zope lock
    is created or refreshed with it (unless Zope made the change itself)."""
    lock = event.lock
    if lock.fragments or event.from_zope:
        return
    mirror(item, lock)
    pending.note_written(item)


def follow_end(item, event):
    """ILockEndedEvent: an ended resource lock's Zope lock goes, and
    plone.locking's marker where the lock put it there."""
    lock = event.lock
    if lock.fragments:
        return
    unmirror(item, lock)
    pending.note_written(item)
    if lock.marked:
        unmark_non_stealable(item)
