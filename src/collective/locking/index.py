"""The site-wide index of live locks (modelled on zope.locking's utility,
indexed by object and principal, entries knowing their expiry).

One entry per public lock URI: ``(path, "")`` for a resource lock,
``(path, fragment)`` for each fragment of a fragment lock, where ``path`` is
the item's physical path as a tuple. Tuples of path segments sort a subtree
together (``("", "site", "a")`` and everything below it come before
``("", "site", "a-b")``), so the locks of a folder are one range of keys.

Entries are plain tuples of public info, never tokens: the lock is known by
its ``lock_id`` (a fingerprint of its token).

Keys stay put. BTrees merge concurrent changes of different keys of one
bucket, except where a change removes a bucket's first key or splits the
bucket: so an ended lock does not remove its entry, it leaves a tombstone in
its place (an entry with no ``lock_id``), a value change that always merges,
and which the next lock of that URI overwrites. The sweep, in transactions of
its own, cleans up tombstones that stayed unused for a while.
"""

from BTrees.OOBTree import OOBTree
from collective.locking.history import LockHistory
from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import ISiteLocks
from collective.locking.interfaces import RESOURCE
from persistent import Persistent
from zope.interface import implementer


#: Sorts after every path segment: the upper bound of a subtree's keys.
AFTER_ALL = "\U0010ffff"

#: Seconds a tombstone stays before the sweep may remove its key: a lock
#: cycled on the same URI finds its key still there.
TOMBSTONE_AGE = 3600

FIELDS = (
    "path",
    "fragment",
    "uid",
    "lock_id",
    "creator",
    "created",
    "expires",
    "timeout",
    "stealable",
    "lock_type",
    "user_unlockable",
    "creator_name",
)

LOCK_ID = FIELDS.index("lock_id")
EXPIRES = FIELDS.index("expires")
CREATOR = FIELDS.index("creator")


def as_dict(entry):
    info = dict(zip(FIELDS, entry, strict=False))  # older entries: fewer fields
    info["kind"] = FRAGMENT if info["fragment"] else RESOURCE
    info["creator"] = info["creator"] or None
    return info


def live(entry, now):
    return bool(entry[LOCK_ID]) and entry[EXPIRES] > now


def tombstone(entry, when):
    """The entry of an ended lock: the same shape (BTrees compare values of
    one type), no ``lock_id``, ``expires`` the time it ended."""
    ended = list(entry)
    ended[LOCK_ID] = ""
    ended[EXPIRES] = float(when)
    return tuple(ended)


def subtree(path):
    """Key bounds of the entries at ``path`` and below."""
    return (path, ""), (path + (AFTER_ALL,), "")


@implementer(ISiteLocks)
class SiteLocks(Persistent):
    """Entries by (path, fragment) key, and a second order by creator (each
    user's own locks), both with stable keys."""

    def __init__(self):
        self.by_key = OOBTree()
        # (creator, path, fragment) -> 1 while the lock lives, 0 after
        self.by_creator = OOBTree()
        self.history = LockHistory()

    # Writing

    def index(self, path, uid, lock):
        for fragment in lock.fragments or ("",):
            entry = (
                path,
                fragment,
                uid or "",
                lock.lock_id,
                lock.creator or "",
                float(lock.created),
                float(lock.expires),
                int(lock.timeout),
                bool(lock.stealable),
                lock.lock_type,
                bool(lock.user_unlockable),
                lock.creator_name or "",
            )
            previous = self.by_key.get((path, fragment))
            if previous is not None and previous[CREATOR] != entry[CREATOR]:
                self._set_creator(previous, 0)
            self.by_key[(path, fragment)] = entry
            self._set_creator(entry, 1)

    def unindex(self, path, lock, when=0.0):
        for fragment in lock.fragments or ("",):
            entry = self.by_key.get((path, fragment))
            if entry is not None and entry[LOCK_ID] == lock.lock_id:
                self._end((path, fragment), entry, when)

    def unindex_path(self, path, when=0.0):
        low, high = subtree(path)
        for key, entry in list(self.by_key.items(low, high)):
            if entry[LOCK_ID]:
                self._end(key, entry, when)

    def move_path(self, old_path, new_path, when=0.0):
        low, high = subtree(old_path)
        moved = [(key, entry) for key, entry in self.by_key.items(low, high) if entry[LOCK_ID]]
        for key, entry in moved:
            self._end(key, entry, when)
        for _key, entry in moved:
            path = new_path + entry[0][len(old_path) :]
            renamed = (path,) + entry[1:]
            self.by_key[(path, entry[1])] = renamed
            self._set_creator(renamed, 1)

    def clear(self):
        """Empty, in new trees (a rebuild also brings an index of an older
        shape up to date); the history stays."""
        self.by_key = OOBTree()
        self.by_creator = OOBTree()
        self.__dict__.pop("by_expiry", None)  # earlier versions

    def _end(self, key, entry, when):
        self.by_key[key] = tombstone(entry, when)
        self._set_creator(entry, 0)

    def _set_creator(self, entry, value):
        key = (entry[CREATOR], entry[0], entry[1])
        if self.by_creator.get(key) != value:
            self.by_creator[key] = value

    def end(self, key, when):
        """End the entry at ``key`` (its item did not know of it)."""
        entry = self.by_key.get(key)
        if entry is not None and entry[LOCK_ID]:
            self._end(key, entry, when)

    def forget(self, key):
        """Remove a tombstone's key (the sweep does, now and then)."""
        entry = self.by_key.get(key)
        if entry is None or entry[LOCK_ID]:
            return
        del self.by_key[key]
        creator_key = (entry[CREATOR], key[0], key[1])
        if self.by_creator.get(creator_key) == 0:
            del self.by_creator[creator_key]

    # Reading

    def entries_under(self, path, creator=None, expires_before=None, now=0.0):
        """Raw entries of live locks at ``path`` and below, read through the
        most selective order, in path order."""
        low, high = subtree(path)
        if creator is not None:
            found = (
                self.by_key[(key_path, fragment)]
                for (_creator, key_path, fragment), alive in self.by_creator.items(
                    (creator,) + low, (creator,) + high
                )
                if alive
            )
        else:
            found = self.by_key.values(low, high)
        for entry in found:
            if live(entry, now) and (expires_before is None or entry[EXPIRES] < expires_before):
                yield entry

    def raw_entries(
        self,
        path,
        creator=None,
        kind=None,
        fragment=None,
        stealable=None,
        expires_before=None,
        now=0.0,
    ):
        for entry in self.entries_under(path, creator, expires_before, now):
            if kind is not None and (FRAGMENT if entry[1] else RESOURCE) != kind:
                continue
            if fragment is not None and entry[1] != fragment:
                continue
            if stealable is not None and entry[8] != stealable:
                continue
            yield entry

    def entries(self, path, **filters):
        return (as_dict(entry) for entry in self.raw_entries(path, **filters))

    def count(self, path, now=0.0):
        return sum(1 for _entry in self.entries_under(path, now=now))

    def scan(self, start, limit):
        """Up to ``limit`` (key, entry) pairs from ``start`` on (wrapping
        around): what one sweep looks at."""
        found = list(self.by_key.items(min=start, excludemin=start is not None)[:limit])
        if len(found) < limit and start is not None:
            found += [
                item for item in self.by_key.items()[: limit - len(found)] if item[0] <= start
            ]
        return found
