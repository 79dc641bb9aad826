"""One lock, and the locks of one item."""

from zope.interface import Attribute
from zope.interface import Interface


class ILock(Interface):
    """One lock: an acquisition by one user of a whole item or of fragments.

    Locks are values: changing one (refreshing it, adding fragments) gives a
    new ``ILock`` with the same token.
    """

    token = Attribute("The secret that opens the lock; for its owner's eyes only")
    lock_id = Attribute("A fingerprint of the token: identifies the lock, opens nothing")
    creator = Attribute("User id of the owner (None: taken anonymously)")
    created = Attribute("When the lock was taken (seconds since the epoch)")
    refreshed = Attribute("When the lock was last taken again or refreshed")
    timeout = Attribute("Seconds the lock lives after ``refreshed``")
    expires = Attribute("``refreshed + timeout``")
    stealable = Attribute("Whether anyone who may modify the item may break it")
    fragments = Attribute("Sorted field names; empty for a resource lock")
    kind = Attribute("``RESOURCE`` or ``FRAGMENT``")
    lock_type = Attribute("Name of the plone.locking ``LockType`` the lock was taken as")
    user_unlockable = Attribute(
        "False for locks held for a process (plone.app.iterate's check-out): "
        "their owner cannot release them, no one breaks them, and they forbid "
        "every write until the code that took them releases them"
    )
    foreign = Attribute("A Zope (WebDAV) lock that this package has no record of")

    def public_info():
        """A dict of what anyone who may view the item may know of the lock:
        kind, creator, created, expires, timeout, stealable, fragments."""

    def with_changes(**changes):
        """A copy of this lock with some attributes changed."""


class IItemLocks(Interface):
    """The locks of one item: who may hold what, conflicts, expiry, tokens.

    Adapt an item to get it: ``IItemLocks(item)`` (the package itself calls
    ``locks.item_locks(item)``, the same model without a registry lookup:
    one per item and request). Every entry point asks this model (the REST
    services, plone.locking's ``ILockable``, the move and delete checks, the
    write guard under all of them). Methods act for
    the current user (``AccessControl``'s security manager) and raise the
    exceptions of ``collective.locking.errors``; they never know about HTTP.
    Items that cannot carry annotations have no locks and cannot get any.
    """

    context = Attribute("The item")

    # Reading

    def active(now=None):
        """The live locks on the item, oldest first."""

    def resource_lock():
        """The live resource lock, or None."""

    def fragment_locks():
        """Mapping of field name to the live fragment lock that covers it."""

    def fragment_names():
        """Names of the item's fields that may be locked one by one."""

    def lock_for(token):
        """The live lock opened by ``token``; raises ``LockGone`` saying why
        it is gone (released, forced, expired, or unknown to this item)."""

    def check_tokens(tokens):
        """Raise ``LockGone`` for any of ``tokens`` whose lock on this item
        has ended; tokens the item never knew are ignored (a client sends
        all its tokens, and they may open locks elsewhere)."""

    def own():
        """The current user's live locks."""

    def owns(lock):
        """Whether the current user owns ``lock``."""

    def blocking(fields, tokens, owner_passes=False):
        """The locks that forbid writing ``fields`` (None: the whole item) to
        a request carrying ``tokens``. REST writes need the token even from
        the lock's owner; with ``owner_passes`` the owner passes too (the
        classic UI, WebDAV and removing the item)."""

    def may_break(lock):
        """Whether the current user may release ``lock`` without its token."""

    # Writing

    def acquire(fragments=(), stealable=None, timeout=None, token=None, lock_type=None):
        """Take a resource lock (no fragments) or lock the named fragments.

        All or nothing: raises ``LockConflict`` naming the locks in the way.
        Asking again for a resource lock one already holds returns that lock
        (the same token), refreshed. With ``token``, the fragments are added
        to that lock of the current user's. ``stealable`` and ``timeout``
        (None: not given) set a new lock's settings, default stealable and
        the registry's default timeout, and change an existing lock's only
        where given. ``lock_type`` (a plone.locking ``LockType``) is for code
        that locks through ``ILockable``: its stealability, user
        unlockability and timeout are the lock's.
        """

    def refresh(token=None, timeout=None):
        """Push back the expiry of the lock opened by ``token`` (default: the
        current user's resource lock). Raises ``LockGone`` for a dead token."""

    def release(token, fragments=None):
        """Release the lock opened by ``token`` (or only the named fragments
        of it). Raises ``LockGone``, or ``LockNotBreakable`` for a lock that
        its owner cannot release."""

    def release_own():
        """Release every lock the current user holds and may release."""

    def break_lock(lock, fragments=None):
        """Release someone else's lock without asking whether the current
        user may: for callers that decided it (plone.locking's ``ILockable``,
        whose callers check permissions). Same events as ``force_release``."""

    def release_refusal(lock):
        """Why the current user may not release ``lock`` (as its owner, or
        by force under ``rules.may_break``), as a Message to translate where
        it is shown; None if they may.
        Asks without releasing: a dry run of ``force_release``."""

    def force_release(lock, fragments=None):
        """Release someone else's lock, if the current user may (see
        ``rules.may_break``); raises ``LockNotBreakable`` otherwise. Fires
        ``ILockForceReleasedEvent`` (logged and kept in the history). Until
        the transaction commits, the broken lock still guards its fields
        against writes in the same transaction."""

    def release_type(lock_type):
        """Release the locks taken as ``lock_type``, whoever owns them: what
        plone.locking does when the code that took a non-stealable lock
        type (a check-out) releases it."""

    def clear():
        """Release every lock on the item (plone.locking's ``clear_locks``):
        the owner's own plainly, everyone else's as forced releases."""

    def purge_expired(now=None):
        """Clean up expired locks (``ILockExpiredEvent`` for each)."""

    def sync_with_zope():
        """Follow changes made to the item's Zope locks outside the model
        (WebDAV LOCK and UNLOCK, the ZMI's DavLocks page): a new Zope lock
        becomes a resource lock of its creator's, a removed one ends its
        lock, a refreshed one refreshes it. Raises ``LockConflict`` for a
        Zope lock that the model's rules forbid."""

    def forget():
        """Drop every lock record without events: for a copy of an item,
        which must not carry the original's locks."""
