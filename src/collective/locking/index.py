"""The site-wide index of live locks (modelled on zope.locking's utility,
indexed by object, principal and expiry).

One entry per public lock URI: ``(path, "")`` for a resource lock,
``(path, fragment)`` for each fragment of a fragment lock, where ``path`` is
the item's physical path as a tuple. Tuples of path segments sort a subtree
together (``("", "site", "a")`` and everything below it come before
``("", "site", "a-b")``), so the locks of a folder are one range of keys.

Entries are plain tuples of public info, never tokens: the lock is known by
its ``lock_id`` (a fingerprint of its token). Plain tuples also let BTrees
resolve concurrent changes to different entries of one bucket, so that
locks taken at once on different items do not conflict on the index.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from collective.locking.history import LockHistory
from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import ISiteLocks
from collective.locking.interfaces import RESOURCE
from persistent import Persistent
from zope.interface import implementer

import zlib


#: Sorts after every path segment: the upper bound of a subtree's keys.
AFTER_ALL = "\U0010ffff"

#: The expiry set is split in shards (by the item's path): keys that change
#: with every lock (their expiry) would else all be added at one end of the
#: set, where concurrent bucket splits conflict.
SHARDS = 16


def shard_of(path):
    return zlib.crc32("/".join(path).encode("utf-8")) % SHARDS


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


def as_dict(entry):
    info = dict(zip(FIELDS, entry, strict=False))  # older entries: fewer fields
    info["kind"] = FRAGMENT if info["fragment"] else RESOURCE
    info["creator"] = info["creator"] or None
    return info


def subtree(path):
    """Key bounds of the entries at ``path`` and below."""
    return (path, ""), (path + (AFTER_ALL,), "")


@implementer(ISiteLocks)
class SiteLocks(Persistent):
    """Entries by (path, fragment) key, and two secondary sets: by expiry (for
    the sweep and ``expires_before``) and by creator (a user's own locks)."""

    def __init__(self):
        self.by_key = OOBTree()
        self.by_expiry = OOTreeSet()
        self.by_creator = OOTreeSet()
        self.history = LockHistory()

    # Writing

    def index(self, path, uid, lock):
        for fragment in lock.fragments or ("",):
            self._remove((path, fragment))
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
            self.by_key[(path, fragment)] = entry
            self.by_expiry.add((shard_of(path), entry[6], path, fragment))
            self.by_creator.add((entry[4], path, fragment))

    def unindex(self, path, lock):
        for fragment in lock.fragments or ("",):
            entry = self.by_key.get((path, fragment))
            if entry is not None and entry[3] == lock.lock_id:
                self._remove((path, fragment))

    def unindex_path(self, path):
        low, high = subtree(path)
        for key in list(self.by_key.keys(low, high)):
            self._remove(key)

    def move_path(self, old_path, new_path):
        low, high = subtree(old_path)
        moved = [self.by_key[key] for key in self.by_key.keys(low, high)]
        for entry in moved:
            self._remove((entry[0], entry[1]))
        for entry in moved:
            path = new_path + entry[0][len(old_path) :]
            renamed = (path,) + entry[1:]
            self.by_key[(path, entry[1])] = renamed
            self.by_expiry.add((shard_of(path), entry[6], path, entry[1]))
            self.by_creator.add((entry[4], path, entry[1]))

    def clear(self):
        self.by_key.clear()
        self.by_expiry.clear()
        self.by_creator.clear()

    def _remove(self, key):
        entry = self.by_key.get(key)
        if entry is None:
            return
        del self.by_key[key]
        self.by_expiry.remove((shard_of(key[0]), entry[6]) + key)
        self.by_creator.remove((entry[4],) + key)

    # Reading

    def entries_under(self, path, creator=None, expires_before=None, now=0.0):
        """Raw entries of live locks at ``path`` and below, read through the
        most selective of the three orders."""
        low, high = subtree(path)
        if creator is not None:
            for _creator, key_path, fragment in self.by_creator.keys(
                (creator,) + low, (creator,) + high
            ):
                entry = self.by_key[(key_path, fragment)]
                if entry[6] > now and (expires_before is None or entry[6] < expires_before):
                    yield entry
        elif expires_before is not None:
            for shard in range(SHARDS):
                low, high = (shard, now), (shard, expires_before)
                for _shard, expires, key_path, fragment in self.by_expiry.keys(low, high):
                    if now < expires < expires_before and key_path[: len(path)] == path:
                        yield self.by_key[(key_path, fragment)]
        else:
            for entry in self.by_key.values(low, high):
                if entry[6] > now:
                    yield entry

    def entries(
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
            yield as_dict(entry)

    def count(self, path, now=0.0):
        return sum(1 for _entry in self.entries_under(path, now=now))

    def expired(self, now, limit):
        found = []
        for shard in range(SHARDS):
            for _shard, expires, path, fragment in self.by_expiry.keys(
                (shard,), (shard, now, (AFTER_ALL,), "")
            ):
                if len(found) >= limit:
                    return found
                if expires <= now:
                    found.append(as_dict(self.by_key[(path, fragment)]))
        return found
