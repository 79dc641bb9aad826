"""The Zope (WebDAV) side of resource locks.

A resource lock is mirrored as a Zope ``LockItem`` with the same token, so
that Zope and everything built on it (WebDAV, ``wl_isLocked`` checks on
rename, cut and delete, stock plone.locking after an uninstall) sees it.
Fragment locks are not mirrored: Zope knows only whole-item locks, and one
Zope lock mapping per item would make concurrent fragment locks conflict.

A non-stealable resource lock also puts plone.locking's ``INonStealableLock``
marker on the item (plone.restapi's tests look for it), and takes off only
a marker it put there itself.
"""

from AccessControl import getSecurityManager
from OFS.LockItem import LockItem
from plone.locking.interfaces import INonStealableLock
from plone.protect.auto import safeWrite
from zope.interface import alsoProvides
from zope.interface import noLongerProvides


def zope_locks(item):
    """The valid Zope locks on ``item``, by token, without writing anything."""
    mapping = getattr(item, "_dav_writelocks", None) or {}
    return {token: lock for token, lock in mapping.items() if lock.isValid()}


def lockable_by_zope(item):
    return hasattr(item, "wl_lockmapping")


def mirror(item, lock):
    """Create or refresh the Zope lock of resource lock ``lock``."""
    if not lockable_by_zope(item):
        return
    mapping = item.wl_lockmapping(create=1)
    zope_lock = mapping.get(lock.token)
    if zope_lock is None:
        zope_lock = LockItem(getSecurityManager().getUser(), timeout=lock.timeout, token=lock.token)
        item.wl_setLock(lock.token, zope_lock)
    else:
        zope_lock.setTimeout(f"Second-{lock.timeout}")
        zope_lock.refresh()
    for written in (mapping, zope_lock, item):
        safeWrite(written)


def unmirror(item, lock):
    """Remove the Zope lock of ``lock``, if it is still there."""
    mapping = getattr(item, "_dav_writelocks", None)
    if mapping and lock.token in mapping:
        item.wl_delLock(lock.token)
        safeWrite(mapping)


def marked_non_stealable(item):
    return INonStealableLock.providedBy(item)


def mark_non_stealable(item):
    """Put the marker on; True if this call did (it was not there)."""
    if INonStealableLock.providedBy(item):
        return False
    alsoProvides(item, INonStealableLock)
    safeWrite(item)
    return True


def unmark_non_stealable(item):
    if INonStealableLock.providedBy(item):
        noLongerProvides(item, INonStealableLock)
        safeWrite(item)
