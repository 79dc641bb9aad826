"""plone.locking's ILockable, answered by the lock model.

Everything in Plone that speaks about locks without knowing this package
speaks ``ILockable``: the classic edit form and lock viewlet,
``@@plone_lock_info`` and ``@@plone_lock_operations``, plone.restapi's own
``is_locked`` and ``lock_info`` (its content PATCH, its serializers of every
content type), plone.shortname's rename, plone.app.caching's ``locked``
ETag, plone.app.iterate and Products.CMFEditions. This adapter answers all
of them from the model, so they see fragment locks, honour each lock's own
settings and lock type, and get a lock's token only when the current user
owns it (``None`` otherwise). ``locked()`` answers for the request that
asks: against what it writes, opened by its tokens (see ``Lockable.locked``).

The install profile registers it in the site's own component registry
(``componentregistry.xml``) for all content, the site root included, and
the uninstall profile removes it: a site without the add-on runs
plone.locking's ``TTWLockable`` untouched, and content without plone.locking's
behavior has no ``ILockable`` there, as in stock Plone.
"""

from collective.locking import pending
from collective.locking import scope
from collective.locking.errors import LockError
from collective.locking.interfaces import BREAK_LOCKS_PERMISSION
from collective.locking.locks import item_locks
from collective.locking.principal import may
from collective.locking.request import request_tokens
from plone.base.interfaces import IEditingSchema
from plone.locking.interfaces import ILockSettings as IPloneLockSettings
from plone.locking.interfaces import IRefreshableLockable
from plone.locking.interfaces import LockType
from plone.locking.interfaces import STEALABLE_LOCK
from plone.registry.interfaces import IRegistry
from zope.component import queryAdapter
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.interface import implementer


#: The lock types this process has seen, by name, so that ``lock_info()``
#: answers with the very objects their code compares (a cache: a type seen
#: by another process is rebuilt from the lock).
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


@implementer(IRefreshableLockable)
class Lockable:
    """plone.locking's ``IRefreshableLockable`` of ``context``, answered by
    its ``IItemLocks`` for the current user and request."""

    def __init__(self, context):
        self.context = context
        self.locks = item_locks(context)

    def of_type(self, lock_type):
        return [lock for lock in self.locks.active() if lock.lock_type == lock_type.__name__]

    def lock(self, lock_type=STEALABLE_LOCK, children=False):
        if not ttw_locking_enabled(self.context) or self.locks.active():
            return  # like plone.locking: a locked item stays as it is
        LOCK_TYPES[lock_type.__name__] = lock_type
        try:
            self.locks.acquire(lock_type=lock_type)
        except LockError:
            pass

    def refresh_lock(self, lock_type=STEALABLE_LOCK):
        for lock in self.of_type(lock_type):
            if self.locks.owns(lock):
                self.locks.refresh(lock.token)

    def unlock(self, lock_type=STEALABLE_LOCK, stealable_only=True):
        """Code that releases a non-stealable lock type (or says
        ``stealable_only=False``) releases every lock of that type; otherwise
        the user's own locks go, and other users' where this user may take
        them (plone.locking's callers check the Modify permission)."""
        if not lock_type.stealable or not stealable_only:
            self.locks.release_type(lock_type)
            return
        kept = scope.kept_locks(self.context)
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
        self.locks.clear()

    def locked(self):
        """Whether a lock holds against the current request. A request that
        said what it writes here (``scope.declare_writes``: a content PATCH;
        the classic edit form while it updates) is told about the locks that
        cover what it writes and that its tokens (or, where owners pass, its
        user) do not open: plone.restapi's check, plone.shortname's rename
        and the serialized ``lock`` of its answer all hear the answer its own
        check gave. Any other request is told whether any lock is there, as
        plone.locking tells it."""
        writes = scope.declared_writes(self.context)
        if writes is None:
            return bool(self.locks.active())
        tokens = request_tokens(getRequest())
        return bool(self.locks.blocking(writes.fields, tokens, writes.owner_passes))

    def can_safely_unlock(self, lock_type=STEALABLE_LOCK):
        if not lock_type.user_unlockable:
            return False
        return all(
            lock.lock_type == lock_type.__name__ and self.locks.owns(lock)
            for lock in self.locks.active()
        )

    def stealable(self, lock_type=STEALABLE_LOCK):
        if not lock_type.stealable:
            return False
        return all(
            lock.lock_type == lock_type.__name__ and (self.locks.owns(lock) or self.may_take(lock))
            for lock in self.locks.active()
        )

    def lock_info(self):
        """plone.locking's lock info, resource lock first; ``token`` is None
        for locks the current user does not own."""
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
