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

``IItemLocks`` is the model of one item's locks; ``ISiteLocks`` the
site-wide index of all of them; ``ILockHistory`` the record of forced
and bulk releases. The rules themselves are the named functions of
``collective.locking.rules``.
"""

from collective.locking import _
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface.interfaces import IObjectEvent
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


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
UNKNOWN = "unknown"

#: Bits of randomness in a token (from ``secrets``).
TOKEN_BYTES = 32

#: The plone.locking lock type of locks taken through the REST API, so that
#: plone.restapi clients keep seeing ``"name": "plone.locking.stealable"``.
DEFAULT_LOCK_TYPE = "plone.locking.stealable"
LOCK_TYPE_NAME = DEFAULT_LOCK_TYPE

#: The longest timeout a Zope (WebDAV) lock can carry, in seconds.
ZOPE_MAX_TIMEOUT = 2**32 - 1

#: Permission needed to release a non-stealable lock owned by someone else.
BREAK_LOCKS_PERMISSION = "collective.locking: Break locks"

#: Permission needed to list every lock of a site and release them in bulk.
MANAGE_LOCKS_PERMISSION = "collective.locking: Manage locks"


class ICollectiveLockingLayer(IDefaultBrowserLayer):
    """Browser layer: present on requests to sites that installed the add-on.

    The REST services of this package are registered for it, so that
    uninstalling the add-on gives back plone.restapi's own.
    """


class ILockSettings(Interface):
    """Registry records, under the prefix ``collective.locking``."""

    default_timeout = schema.Int(
        title=_("Default lock timeout"),
        description=_(
            "Seconds a lock lives without being refreshed, when the client does not "
            "ask for a timeout."
        ),
        default=600,
        min=1,
        max=ZOPE_MAX_TIMEOUT,
    )

    max_timeout = schema.Int(
        title=_("Maximum lock timeout"),
        description=_("The longest timeout, in seconds, a client may ask for."),
        default=86400,
        min=1,
        max=ZOPE_MAX_TIMEOUT,
    )

    history_size = schema.Int(
        title=_("Lock history size"),
        description=_(
            "How many forced releases (other people's locks broken) the site "
            "remembers, and how many bulk releases of one's own locks: each is kept "
            "apart, bounded to exactly this many."
        ),
        default=500,
        min=1,
        max=100000,
    )

    @invariant
    def default_within_maximum(data):
        default = getattr(data, "default_timeout", None)
        maximum = getattr(data, "max_timeout", None)
        if default is not None and maximum is not None and default > maximum:
            raise Invalid(_("The default lock timeout must not be longer than the maximum."))


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

    Adapt an item to get it: ``IItemLocks(item)``. Every entry point asks
    this adapter (the REST services, plone.locking's ``ILockable``, the move
    and delete checks, the write guard under all of them). Methods act for
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


class ISiteLocks(Interface):
    """The site-wide index of locks, stored in the site root's annotations.

    It points at the items' lock tables rather than copying them: one key
    per item that has locks (or had them lately), its physical path (a
    tuple), whose value is ``(uid, table, creators)``. Taking, renewing or
    releasing a lock writes only the item's table, so that locks on
    different items never conflict; the index changes when someone locks an
    item for the first time, when the item moves or goes, and when the sweep
    forgets an item whose locks ended a while ago.

    Listing, filtering and counting the locks of a subtree read one range of
    keys and its tables: O(log n + results), never a walk of the content
    tree. Entries, one per public lock URI (the resource lock of an item, or
    each fragment of a fragment lock), are public info, never tokens (a lock
    is known by its ``lock_id``).
    """

    history = Attribute("The site's ILockHistory")

    tables = Attribute("OOBTree: item path -> (uid, lock table, creators)")

    by_creator = Attribute("OOBTree: (creator, item path) -> 1, where each user has locked")

    def index(path, uid, table, creator):
        """Know that the item at ``path`` keeps its locks in ``table`` and
        that ``creator`` locked there; writes nothing when known already."""

    def unindex_path(path):
        """Forget the item at ``path`` and everything below it."""

    def move_path(old_path, new_path):
        """Move the keys of a moved or renamed subtree."""

    def forget(path):
        """Forget the item at ``path`` (not what is below it)."""

    def entries(path, **filters):
        """The entries (dicts: ``path``, ``fragment``, ``uid``, ``lock_id``,
        ``kind`` and the public info) of ``raw_entries``."""

    def raw_entries(
        path,
        creator=None,
        kind=None,
        fragment=None,
        stealable=None,
        expires_before=None,
        now=0.0,
    ):
        """The entries as tuples (fields in ``index.FIELDS`` order) of the
        locks at ``path`` and below, live at ``now``, that match every filter
        given, in path order."""

    def entry(path, fragment, now=0.0):
        """The raw entry of the live lock on ``fragment`` ("" for the
        resource lock) of the item at ``path``, or None."""

    def count(path, now=0.0):
        """How many live lock entries there are at ``path`` and below."""

    def scan(start, limit):
        """Up to ``limit`` (path, uid, table) of the items after the path
        ``start`` (None: from the first), wrapping around: what one sweep
        looks at."""

    def clear():
        """Forget every item (before a rebuild)."""


class ILockHistory(Interface):
    """The site's record of releases, newest first; never holds a token.

    Two records, each bounded to exactly the ``history_size`` newest
    entries: ``forced`` (someone else's lock broken, one at a time or in
    bulk: the audit trail, which no one's own releases can push out) and
    ``released`` (one's own locks released in bulk). Nothing through the web
    writes or clears them, except lowering ``history_size``.
    """

    def record(entry, size):
        """Remember one release: a dict with ``when``, ``how`` (``forced``
        or ``released``: which record), ``actor``, ``creator``, ``path``,
        ``uid``, ``kind``, ``fragments`` and ``bulk`` (part of a bulk
        release); keep that record's ``size`` newest entries."""

    def trim(size):
        """Keep the ``size`` newest entries of each record."""

    def entries(how=None):
        """The entries of one record (``how``) or of both, newest first."""

    def count(how=None):
        """How many entries one record (``how``) or both hold."""


class ILockEvent(IObjectEvent):
    """Something happened to a lock on ``object``.

    ``lock`` is the ``ILock`` concerned. Its token is a secret: subscribers
    must not log or display it; ``lock.public_info()`` is what may be shown.
    """

    lock = Attribute("The lock")


class ILockCreatedEvent(ILockEvent):
    """A lock was acquired, or fragments were added to it (``lock`` is the
    lock as it is now)."""


class ILockRefreshedEvent(ILockEvent):
    """A lock's expiry was pushed back, or its settings changed."""


class ILockEndedEvent(ILockEvent):
    """A lock, or some of its fragments, ended.

    ``fragments`` are the fragments released (all of the lock's when the
    whole lock ended); ``remaining`` is the lock that lives on with the
    other fragments, or None.
    """

    fragments = Attribute("The fragments released")
    remaining = Attribute("The lock as it lives on, or None")


class ILockReleasedEvent(ILockEndedEvent):
    """A lock was released by its owner (or by the code that took it)."""


class ILockForceReleasedEvent(ILockEndedEvent):
    """A lock was released by someone other than its owner.

    ``actor`` is the user id of whoever released it."""

    actor = Attribute("User id of the user who broke the lock")


class ILockExpiredEvent(ILockEndedEvent):
    """A lock outlived its timeout and was cleaned up."""
