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
"""

from zope import schema
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface.interfaces import IObjectEvent
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


#: Annotation key under which an item's locks are stored.
ANNOTATION_KEY = "collective.locking"

#: The two kinds of lock.
RESOURCE = "resource"
FRAGMENT = "fragment"

#: Why a token no longer opens a lock (see ``ILockGone``).
RELEASED = "released"
FORCED = "forced"
EXPIRED = "expired"
UNKNOWN = "unknown"

#: Bits of randomness in a token (from ``secrets``).
TOKEN_BYTES = 32

#: Name of the plone.locking lock type that resource locks answer to, so that
#: plone.restapi clients keep seeing ``"name": "plone.locking.stealable"``.
LOCK_TYPE_NAME = "plone.locking.stealable"

#: The longest timeout a Zope (WebDAV) lock can carry, in seconds.
ZOPE_MAX_TIMEOUT = 2**32 - 1

#: Permission needed to release a non-stealable lock owned by someone else.
BREAK_LOCKS_PERMISSION = "collective.locking: Break locks"


class ICollectiveLockingLayer(IDefaultBrowserLayer):
    """Browser layer: present on requests to sites that installed the add-on.

    The REST services and serializers of this package are registered for it,
    so that uninstalling the add-on gives back plone.restapi's own.
    """


class ILockSettings(Interface):
    """Registry records, under the prefix ``collective.locking``."""

    default_timeout = schema.Int(
        title="Default lock timeout",
        description="Seconds a lock lives without being refreshed, when the "
        "client does not ask for a timeout.",
        default=600,
        min=1,
        max=ZOPE_MAX_TIMEOUT,
    )

    max_timeout = schema.Int(
        title="Maximum lock timeout",
        description="The longest timeout, in seconds, a client may ask for.",
        default=86400,
        min=1,
        max=ZOPE_MAX_TIMEOUT,
    )


class IItemLocks(Interface):
    """The locks of one item: who may hold what, conflicts, expiry, tokens.

    Adapt an item to get it: ``IItemLocks(item)``. Every entry point (the
    REST services, content PATCH, the classic edit form through ``ILockable``,
    delete, rename and move) asks this adapter. Methods act for the current
    user (``AccessControl``'s security manager) and raise the exceptions of
    ``collective.locking.errors``; they never know about HTTP.
    """

    def active():
        """The live locks on the item, oldest first (``Lock`` objects)."""

    def resource_lock():
        """The live resource lock, or None."""

    def fragment_locks():
        """Mapping of field name to the live fragment lock that covers it."""

    def fragment_names():
        """Names of the item's fields that may be locked one by one."""

    def acquire(fragments=(), stealable=None, timeout=None, token=None):
        """Take a resource lock (no fragments) or lock the named fragments.

        All or nothing: raises ``LockConflict`` naming the locks in the way.
        Asking again for a resource lock one already holds returns that lock
        (the same token), refreshed. With ``token``, the fragments are added
        to that lock of the current user's. ``stealable`` and ``timeout``
        (None: not given) set a new lock's settings, default stealable and
        the registry's default timeout, and change an existing lock's only
        where given.
        """

    def refresh(token=None, timeout=None):
        """Push back the expiry of the lock opened by ``token`` (default: the
        current user's resource lock). Raises ``LockGone`` for a dead token."""

    def release(token, fragments=None):
        """Release the lock opened by ``token`` (or only the named fragments
        of it); raises ``LockGone``."""

    def release_own():
        """Release every lock the current user holds on the item."""

    def force_release(lock, fragments=None):
        """Release someone else's lock, if the current user may: anyone who
        may modify the item for a stealable lock, its owner or a holder of
        the "Break locks" permission for a non-stealable one. Raises
        ``LockNotBreakable`` otherwise. Logged and notified."""

    def lock_for(token):
        """The live lock opened by ``token``; raises ``LockGone``."""

    def check_tokens(tokens):
        """Raise ``LockGone`` for any of ``tokens`` whose lock on this item
        has ended; tokens the item never knew are ignored."""

    def blocking(fields, tokens, include_own=True):
        """Locks that forbid writing ``fields`` (None: the whole item) to a
        request carrying ``tokens``: the resource lock, or fragment locks
        covering a field, that none of the tokens open. Writes need the token
        even from the lock's owner; removing the item does not
        (``include_own=False``)."""


class ILockEvent(IObjectEvent):
    """Something happened to a lock on ``object``.

    ``lock`` is the ``Lock`` concerned. Its token is a secret: subscribers
    must not log or display it; ``lock.public_info()`` is what may be shown.
    """

    lock = Attribute("The lock")


class ILockCreatedEvent(ILockEvent):
    """A lock was acquired, or fragments were added to it."""


class ILockRefreshedEvent(ILockEvent):
    """A lock's expiry was pushed back."""


class ILockReleasedEvent(ILockEvent):
    """A lock was released by its owner."""


class ILockForceReleasedEvent(ILockEvent):
    """A lock was released by someone other than its owner.

    ``actor`` is the user id of whoever released it."""

    actor = Attribute("User id of the user who broke the lock")


class ILockExpiredEvent(ILockEvent):
    """A lock outlived its timeout and was cleaned up."""
