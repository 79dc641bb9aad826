"""plone.locking's ILockable, answered by the lock model.

Everything in Plone that speaks about locks without knowing this package
speaks ``ILockable``: the classic edit form and lock viewlet,
``@@plone_lock_info`` and ``@@plone_lock_operations``, plone.restapi's own
``lock_info`` (its serializers of every content type), plone.app.caching's
``locked`` ETag, plone.app.iterate and Products.CMFEditions. This adapter
answers all of them from the model, so they see fragment locks, honour each
lock's own settings and lock type, and get a lock's token only when the
current user owns it (``None`` otherwise).

It replaces plone.locking's ``TTWLockable`` (overrides.zcml) and also adapts
content without the locking behavior; on a site without the add-on it is
plone.locking's own ``TTWLockable`` (and content without the behavior has
no ``ILockable``, as in stock Plone).
"""

from Acquisition import aq_base
from collective.locking import pending
from collective.locking.errors import LockError
from collective.locking.interfaces import BREAK_LOCKS_PERMISSION
from collective.locking.interfaces import IItemLocks
from collective.locking.locks import may
from collective.locking.settings import installed_here
from contextlib import contextmanager
from plone.base.interfaces import IEditingSchema
from plone.locking.interfaces import ILockSettings as IPloneLockSettings
from plone.locking.interfaces import IRefreshableLockable
from plone.locking.interfaces import LockType
from plone.locking.interfaces import STEALABLE_LOCK
from plone.locking.lockable import TTWLockable
from plone.registry.interfaces import IRegistry
from zope.annotation.interfaces import IAnnotations
from zope.component import queryAdapter
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.interface import implementer


#: Request annotation: items whose write the model has checked already.
CHECKED = "collective.locking.checked"

#: Request annotation: by item, the ids of the user's own locks that this
#: request must leave alone (the classic edit form's Save and Cancel release
#: only the locks the form took, not the editor's locks from elsewhere).
KEPT = "collective.locking.kept"

#: The lock types this process has seen, by name, so that ``lock_info()``
#: answers with the very objects their code compares.
LOCK_TYPES = {STEALABLE_LOCK.__name__: STEALABLE_LOCK}


def lock_type_of(lock):
    known = LOCK_TYPES.get(lock.lock_type)
    if known is None:  # taken by another process: rebuilt from the lock
        known = LockType(lock.lock_type, lock.stealable, lock.user_unlockable, lock.timeout / 60)
    return known


def ttw_locking_enabled(context):
    """plone.locking's switch: an ``ILockSettings`` adapter, or the
    registry's ``plone.lock_on_ttw_edit``."""
    settings = queryAdapter(context, IPloneLockSettings)
    if settings is None:
        registry = queryUtility(IRegistry)
        if registry is None:
            return True
        settings = registry.forInterface(IEditingSchema, prefix="plone", check=False)
    return getattr(settings, "lock_on_ttw_edit", True) is not False


@contextmanager
def stock_lock_check_answered(request, item, questions=1):
    """plone.restapi's content PATCH first asks ``ILockable(item).locked()``
    (one lock for the whole item, opened by one token). Within this block
    the first ``questions`` about ``item`` are answered "no": the model has
    checked the request field by field already. A save that renames asks
    once more (plone.shortname unlocks, renames and locks again, which
    would break other users' locks): the model's removal rules decide that
    rename instead. Every later question (the ``lock`` key of a
    ``return=representation`` answer) is answered truly."""
    checked = IAnnotations(request).setdefault(CHECKED, {})
    key = id(aq_base(item))
    checked[key] = questions
    try:
        yield
    finally:
        checked.pop(key, None)


def keep_locks(request, item, lock_ids):
    """``unlock()`` of ``item`` in this request leaves ``lock_ids`` alone."""
    IAnnotations(request).setdefault(KEPT, {})[id(aq_base(item))] = set(lock_ids)


def kept_locks(item):
    request = getRequest()
    annotations = IAnnotations(request, None) if request is not None else None
    kept = annotations.get(KEPT) if annotations is not None else None
    return (kept or {}).get(id(aq_base(item)), set())


def checked_once(item):
    request = getRequest()
    annotations = IAnnotations(request, None) if request is not None else None
    checked = annotations.get(CHECKED) if annotations is not None else None
    key = id(aq_base(item))
    if checked and checked.get(key):
        checked[key] -= 1
        return True
    return False


@implementer(IRefreshableLockable)
class Lockable(TTWLockable):
    def __init__(self, context):
        super().__init__(context)
        self.installed = installed_here()
        self.locks = IItemLocks(context)

    def of_type(self, lock_type):
        return [lock for lock in self.locks.active() if lock.lock_type == lock_type.__name__]

    def lock(self, lock_type=STEALABLE_LOCK, children=False):
        if not self.installed:
            return super().lock(lock_type, children)
        if not ttw_locking_enabled(self.context) or self.locks.active():
            return  # like plone.locking: a locked item stays as it is
        LOCK_TYPES[lock_type.__name__] = lock_type
        try:
            self.locks.acquire(lock_type=lock_type)
        except LockError:
            pass

    def refresh_lock(self, lock_type=STEALABLE_LOCK):
        if not self.installed:
            return super().refresh_lock(lock_type)
        for lock in self.of_type(lock_type):
            if self.locks.owns(lock):
                self.locks.refresh(lock.token)

    def unlock(self, lock_type=STEALABLE_LOCK, stealable_only=True):
        """Code that releases a non-stealable lock type (or says
        ``stealable_only=False``) releases every lock of that type; otherwise
        the user's own locks go, and other users' where this user may take
        them (plone.locking's callers check the Modify permission)."""
        if not self.installed:
            return super().unlock(lock_type, stealable_only)
        if not lock_type.stealable or not stealable_only:
            self.locks.release_type(lock_type)
            return
        kept = kept_locks(self.context)
        for lock in self.of_type(lock_type):
            if self.locks.owns(lock):
                if lock.user_unlockable and lock.lock_id not in kept:
                    self.locks.release(lock.token)
            elif self.may_take(lock) and not pending.reverting(self.context):
                # (CMFEditions unlocks after a revert: its own lock, no other.)
                self.locks.break_lock(lock)

    def may_take(self, lock):
        return lock.user_unlockable and (
            lock.stealable or may(BREAK_LOCKS_PERMISSION, self.context)
        )

    def clear_locks(self):
        if not self.installed:
            return super().clear_locks()
        self.locks.clear()

    def locked(self):
        if not self.installed:
            return super().locked()
        if checked_once(self.context):
            return False
        return bool(self.locks.active())

    def can_safely_unlock(self, lock_type=STEALABLE_LOCK):
        if not self.installed:
            return super().can_safely_unlock(lock_type)
        if not lock_type.user_unlockable:
            return False
        return all(
            lock.lock_type == lock_type.__name__ and self.locks.owns(lock)
            for lock in self.locks.active()
        )

    def stealable(self, lock_type=STEALABLE_LOCK):
        if not self.installed:
            return super().stealable(lock_type)
        if not lock_type.stealable:
            return False
        return all(
            lock.lock_type == lock_type.__name__ and (self.locks.owns(lock) or self.may_take(lock))
            for lock in self.locks.active()
        )

    def lock_info(self):
        """plone.locking's lock info, resource lock first; ``token`` is None
        for locks the current user does not own."""
        if not self.installed:
            return super().lock_info()
        return [
            {
                "creator": lock.creator,
                "time": lock.refreshed,
                "token": lock.token if self.locks.owns(lock) else None,
                "type": lock_type_of(lock),
                "fragments": list(lock.fragments),
            }
            for lock in sorted(self.locks.active(), key=lambda lock: bool(lock.fragments))
        ]


def lockable_for_content(context):
    """ILockable for content without plone.locking's behavior: only where the
    add-on is installed (stock Plone has none)."""
    if not installed_here():
        return None
    return Lockable(context)
