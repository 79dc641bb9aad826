"""How locks are shown over HTTP.

``lock_info`` keeps plone.restapi's keys (Volto reads them); the token is
shown to the lock's owner only. Its ``stealable`` is plone.restapi's:
whether the current user could take the lock over; each lock's own setting
is the ``stealable`` of its public info.
"""

from collective.locking.interfaces import DEFAULT_LOCK_TYPE
from collective.locking.lock import isodate
from collective.locking.locks import item_locks
from collective.locking.memo import per_request
from plone import api
from plone.restapi.services import locking


#: A user's full name, looked up once per request (a listing of twenty
#: locks of one user asks twenty times).
creator_name = per_request(locking.creator_name)


@per_request
def portal_url():
    return api.portal.get().absolute_url()


def creator_url(userid):
    """plone.restapi's ``creator_url``, the portal's URL found once per
    request (twenty locks of twenty users ask for it twenty times)."""
    return f"{portal_url()}/author/{userid}"


def name_of(creator, recorded=""):
    """The creator's full name: as recorded with the lock, else looked up."""
    return recorded or creator_name(creator)


def public_info(lock):
    """Public info of one lock, with the creator's name and page."""
    info = lock.public_info()
    info["creator_name"] = name_of(lock.creator, lock.creator_name)
    info["creator_url"] = creator_url(lock.creator)
    return info


def entry_info(entry):
    """Public info of a site-wide index entry: as ``public_info`` of its lock."""
    info = {
        "kind": entry["kind"],
        "creator": entry["creator"],
        "creator_name": name_of(entry["creator"], entry.get("creator_name", "")),
        "creator_url": creator_url(entry["creator"]),
        "created": isodate(entry["created"]),
        "expires": isodate(entry["expires"]),
        "timeout": entry["timeout"],
        "stealable": entry["stealable"],
    }
    if entry["fragment"]:
        info["fragments"] = [entry["fragment"]]
    if entry["lock_type"] != DEFAULT_LOCK_TYPE:
        info["lock_type"] = entry["lock_type"]
    if not entry["user_unlockable"]:
        info["user_unlockable"] = False
    return info


def owner_info(lock, locks):
    """Public info, plus the token where the current user owns the lock."""
    info = public_info(lock)
    if locks.owns(lock):
        info["token"] = lock.token
    return info


def lock_info(context, lock=None, locks=None):
    """plone.restapi's lock info for ``lock`` (default: the item's resource
    lock), token included for its owner only."""
    locks = locks if locks is not None else item_locks(context)
    if lock is None:
        lock = locks.resource_lock()
    if lock is None:
        return {"locked": False, "stealable": True}
    info = {
        "locked": True,
        "stealable": locks.may_break(lock),
        "creator": lock.creator,
        "creator_name": name_of(lock.creator, lock.creator_name),
        "creator_url": creator_url(lock.creator),
        "created": isodate(lock.created),
        "time": lock.refreshed,
        "expires": isodate(lock.expires),
        "timeout": lock.timeout,
        "name": lock.lock_type,
    }
    if locks.owns(lock):
        info["token"] = lock.token
    return info


def collection_info(context, locks=None):
    """The lock collection: plone.restapi's keys for the resource lock, and
    the fragment locks by field name (tokens to their owner only)."""
    locks = locks if locks is not None else item_locks(context)
    info = lock_info(context, locks.resource_lock(), locks)
    info["fragments"] = {
        name: owner_info(lock, locks) for name, lock in sorted(locks.fragment_locks().items())
    }
    return info
