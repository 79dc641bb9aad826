"""How locks are shown over HTTP.

``lock_info`` keeps plone.restapi's keys (Volto reads them); the token is
shown to the lock's owner only, here and nowhere else.
"""

from collective.locking.interfaces import IItemLocks
from collective.locking.interfaces import LOCK_TYPE_NAME
from collective.locking.lock import isodate
from collective.locking.locks import is_owner as owns
from plone.restapi.services.locking import creator_name
from plone.restapi.services.locking import creator_url


def public_info(lock):
    """Public info of one lock, with the creator's name and page."""
    info = lock.public_info()
    info["creator_name"] = creator_name(lock.creator)
    info["creator_url"] = creator_url(lock.creator)
    return info


def owner_info(lock):
    """Public info, plus the token where the current user owns the lock."""
    info = public_info(lock)
    if owns(lock):
        info["token"] = lock.token
    return info


def lock_info(context, lock=None):
    """plone.restapi's lock info for ``lock`` (default: the item's resource
    lock), token included for its owner only."""
    if lock is None:
        lock = IItemLocks(context).resource_lock()
    if lock is None:
        return {"locked": False, "stealable": True}
    info = {
        "locked": True,
        # As in plone.restapi: whether the current user may take it over.
        "stealable": lock.stealable or owns(lock),
        "creator": lock.creator,
        "creator_name": creator_name(lock.creator),
        "creator_url": creator_url(lock.creator),
        "created": isodate(lock.created),
        "time": lock.refreshed,
        "expires": isodate(lock.expires),
        "timeout": lock.timeout,
        "name": LOCK_TYPE_NAME,
    }
    if owns(lock):
        info["token"] = lock.token
    return info


def collection_info(context):
    """The lock collection: plone.restapi's keys for the resource lock, and
    the fragment locks by field name (tokens to their owner only)."""
    info = lock_info(context)
    fragment_locks = IItemLocks(context).fragment_locks()
    info["fragments"] = {name: owner_info(lock) for name, lock in sorted(fragment_locks.items())}
    return info
