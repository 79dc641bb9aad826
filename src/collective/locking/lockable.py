"""plone.locking's ILockable, answered by the lock model.

The classic edit form, the lock viewlet and ``plone_lock_operations`` speak
``ILockable``. This adapter, registered for items with the locking behavior,
turns those calls into the model's, so the classic UI sees fragment locks,
gets tokens from ``secrets`` and keeps per-lock stealability. On a site that
does not have the add-on installed it is plone.locking's own ``TTWLockable``.
(Registered for the behavior's interface, which extends ``ITTWLockable``,
so that it wins over plone.locking's adapter without an override.)
"""

from collective.locking.errors import LockError
from collective.locking.interfaces import IItemLocks
from collective.locking.locks import installed
from collective.locking.locks import is_owner
from collective.locking.locks import settings
from plone.app.lockingbehavior.behaviors import ILocking
from plone.base.interfaces import IEditingSchema
from plone.locking.interfaces import IRefreshableLockable
from plone.locking.interfaces import STEALABLE_LOCK
from plone.locking.lockable import TTWLockable
from plone.registry.interfaces import IRegistry
from zope.component import adapter
from zope.component import queryUtility
from zope.interface import implementer


def ttw_locking_enabled():
    registry = queryUtility(IRegistry)
    if registry is None:
        return True
    editing = registry.forInterface(IEditingSchema, prefix="plone", check=False)
    return getattr(editing, "lock_on_ttw_edit", True) is not False


@implementer(IRefreshableLockable)
@adapter(ILocking)
class Lockable(TTWLockable):
    def __init__(self, context):
        super().__init__(context)
        self.active = installed()
        self.locks = IItemLocks(context)

    def lock(self, lock_type=STEALABLE_LOCK, children=False):
        if not self.active:
            return super().lock(lock_type, children)
        if not ttw_locking_enabled():
            return
        timeout = min(int(lock_type.timeout * 60), settings()["max_timeout"])
        try:
            self.locks.acquire(stealable=lock_type.stealable, timeout=timeout)
        except LockError:
            pass  # like plone.locking: a locked item stays as it is

    def refresh_lock(self, lock_type=STEALABLE_LOCK):
        if not self.active:
            return super().refresh_lock(lock_type)
        try:
            self.locks.refresh()
        except LockError:
            pass

    def unlock(self, lock_type=STEALABLE_LOCK, stealable_only=True):
        """Release the current user's locks, and those of others that the
        user may break (``stealable_only`` cannot widen that)."""
        if not self.active:
            return super().unlock(lock_type, stealable_only)
        for lock in self.locks.active():
            if self.locks.may_break(lock):
                self.locks.force_release(lock)

    def clear_locks(self):
        if not self.active:
            return super().clear_locks()
        for lock in self.locks.active():
            self.locks.force_release(lock)
        super().clear_locks()

    def locked(self):
        if not self.active:
            return super().locked()
        return bool(self.locks.active())

    def can_safely_unlock(self, lock_type=STEALABLE_LOCK):
        if not self.active:
            return super().can_safely_unlock(lock_type)
        if not lock_type.user_unlockable:
            return False
        return all(is_owner(lock) for lock in self.locks.active())

    def stealable(self, lock_type=STEALABLE_LOCK):
        if not self.active:
            return super().stealable(lock_type)
        if not lock_type.stealable:
            return False
        return all(self.locks.may_break(lock) for lock in self.locks.active())

    def lock_info(self):
        if not self.active:
            return super().lock_info()
        return [
            {
                "creator": lock.creator,
                "time": lock.refreshed,
                "token": lock.token,
                "type": STEALABLE_LOCK if not lock.fragments else None,
            }
            for lock in self.locks.active()
        ]
