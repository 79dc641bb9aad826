"""The site-wide index of locks, and the history of releases."""

from zope.interface import Attribute
from zope.interface import Interface


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
        """The entries as tuples (fields in ``entries.FIELDS`` order) of the
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
