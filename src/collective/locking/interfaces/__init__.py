"""The lock model of collective.locking, as interfaces.

An item (any content object, and the site root) carries locks:

- a *resource lock* locks the whole item; while it exists no other lock of
  any kind can be set on the item;
- a *fragment lock* locks one or more fields of the item; several fragment
  locks may coexist as long as they cover different fields, and a resource
  lock cannot be taken while any of them exists.

Each lock belongs to the user who acquired it and is opened by a *token*,
a secret that only its owner ever sees. Everything else anyone may know of a
lock is its *public info*.

``IItemLocks`` is the model of one item's locks (``interfaces.item``, with
``ILock``); ``ISiteLocks`` the site-wide index of all of them and
``ILockHistory`` the record of forced and bulk releases
(``interfaces.site``); ``ILockSettings`` the settings
(``interfaces.settings``); ``ILockEvent`` and its kinds what the model tells
the rest of the site (``interfaces.events``). Every name is importable from
``collective.locking.interfaces``. The rules themselves are the named
functions of ``collective.locking.rules``.
"""

from collective.locking.interfaces.events import ILockCreatedEvent
from collective.locking.interfaces.events import ILockEndedEvent
from collective.locking.interfaces.events import ILockEvent
from collective.locking.interfaces.events import ILockExpiredEvent
from collective.locking.interfaces.events import ILockForceReleasedEvent
from collective.locking.interfaces.events import ILockRefreshedEvent
from collective.locking.interfaces.events import ILockReleasedEvent
from collective.locking.interfaces.item import IItemLocks
from collective.locking.interfaces.item import ILock
from collective.locking.interfaces.settings import ILockSettings
from collective.locking.interfaces.settings import ZOPE_MAX_TIMEOUT
from collective.locking.interfaces.site import ILockHistory
from collective.locking.interfaces.site import ISiteLocks
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


__all__ = [
    "ANNOTATION_KEY",
    "BREAK_LOCKS_PERMISSION",
    "DEFAULT_LOCK_TYPE",
    "EXPIRED",
    "FORCED",
    "FRAGMENT",
    "ICollectiveLockingLayer",
    "IItemLocks",
    "ILock",
    "ILockCreatedEvent",
    "ILockEndedEvent",
    "ILockEvent",
    "ILockExpiredEvent",
    "ILockForceReleasedEvent",
    "ILockHistory",
    "ILockRefreshedEvent",
    "ILockReleasedEvent",
    "ILockSettings",
    "ISiteLocks",
    "LOCK_TYPE_NAME",
    "MANAGE_LOCKS_PERMISSION",
    "RELEASED",
    "RESOURCE",
    "SITE_ANNOTATION_KEY",
    "TOKEN_BYTES",
    "UNKNOWN",
    "ENDED",
    "ZOPE_MAX_TIMEOUT",
]


#: Annotation key under which an item's locks are stored.
ANNOTATION_KEY = "collective.locking"

#: Annotation key of the site root under which the site-wide index lives.
SITE_ANNOTATION_KEY = "collective.locking.site"

#: The two kinds of lock.
RESOURCE = "resource"
FRAGMENT = "fragment"

#: Why a token no longer opens a lock (see ``LockGone``).
RELEASED = "released"
FORCED = "forced"
EXPIRED = "expired"
#: This item's token, whose lock ended longer ago than the item remembers how.
ENDED = "ended"
UNKNOWN = "unknown"

#: Bits of randomness in a token (from ``secrets``).
TOKEN_BYTES = 32

#: The plone.locking lock type of locks taken through the REST API, so that
#: plone.restapi clients keep seeing ``"name": "plone.locking.stealable"``.
DEFAULT_LOCK_TYPE = "plone.locking.stealable"
LOCK_TYPE_NAME = DEFAULT_LOCK_TYPE

#: Permission needed to release a non-stealable lock owned by someone else.
BREAK_LOCKS_PERMISSION = "collective.locking: Break locks"

#: Permission needed to list every lock of a site and release them in bulk.
MANAGE_LOCKS_PERMISSION = "collective.locking: Manage locks"


class ICollectiveLockingLayer(IDefaultBrowserLayer):
    """Browser layer: present on requests to sites that installed the add-on.

    The REST services of this package are registered for it, so that
    uninstalling the add-on gives back plone.restapi's own.
    """
