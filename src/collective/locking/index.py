"""The site-wide index of locks (modelled on zope.locking's utility: locks
found by object and by principal, each knowing its expiry).

The index points at lock tables, it does not copy them. One key per item
that has locks (or had them lately): the item's physical path, a tuple,
whose value names the item's UID, its ``LockTable`` and who has locked
there. The table stays the one truth: taking, renewing or releasing a lock
writes the table and nothing of the index, so that locks on different items
share no object (they never conflict, and a lock change writes no more than
stock Plone's). The index changes when someone locks an item for the first
time, when an item moves or goes, and when the sweep forgets items whose
locks ended a while ago.

Tuples of path segments sort a subtree together (``("", "site", "a")`` and
everything below it come before ``("", "site", "a-b")``), so the items of a
folder are one range of keys: listing, filtering and counting the locks of a
subtree read that range and its tables, never the content tree.

Entries, one per public lock URI (``(path, "")`` for a resource lock,
``(path, fragment)`` for each fragment of a fragment lock), are made from
the tables' records as plain tuples of public info, never tokens: a lock is
known by its ``lock_id`` (a fingerprint of its token).
"""

from BTrees.OOBTree import OOBTree
from collective.locking.entries import as_dict
from collective.locking.entries import CREATOR
from collective.locking.entries import ENTRY_COUNT
from collective.locking.entries import expired_count
from collective.locking.entries import EXPIRES
from collective.locking.entries import FIRST_EXPIRY
from collective.locking.entries import live_entries
from collective.locking.entries import STEALABLE
from collective.locking.entries import subtree
from collective.locking.entries import summarized
from collective.locking.entries import TABLE
from collective.locking.entries import table_entries
from collective.locking.history import SiteHistory
from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import ISiteLocks
from collective.locking.interfaces import RESOURCE
from itertools import compress
from persistent import Persistent
from zope.interface import implementer


@implementer(ISiteLocks)
class SiteLocks(Persistent):
    """Lock tables by item path, and the paths each user has locked."""

    def __init__(self):
        self.history = SiteHistory()
        self.clear()

    # Writing

    def index(self, path, uid, table, creator):
        known = self.tables.get(path)
        if known is None or known[0] != uid or known[1] is not table or creator not in known[2]:
            creators = set(known[2]) if known is not None else set()
            self.tables[path] = (uid, table, tuple(sorted(creators | {creator})))
        if (creator, path) not in self.by_creator:
            self.by_creator[(creator, path)] = 1

    def unindex_path(self, path):
        low, high = subtree(path)
        for key in list(self.tables.keys(low, high)):
            self.forget(key)

    def move_path(self, old_path, new_path):
        low, high = subtree(old_path)
        moved = list(self.tables.items(low, high))
        for key, _value in moved:
            self.forget(key)
        for key, (uid, table, creators) in moved:
            path = new_path + key[len(old_path) :]
            for creator in creators:
                self.index(path, uid, table, creator)

    def forget(self, path):
        known = self.tables.get(path)
        if known is None:
            return
        del self.tables[path]
        for creator in known[2]:
            self.by_creator.pop((creator, path), None)

    def clear(self):
        """Empty, in new trees; the history stays."""
        self.tables = OOBTree()
        # (creator, path) -> 1: where each user has locked (their locks may
        # have ended since: readers look at the table)
        self.by_creator = OOBTree()

    # Reading

    def entries_under(self, path, creator=None, expires_before=None, now=0.0):
        """Raw entries of live locks at ``path`` and below, read through the
        most selective order, in path order."""
        low, high = subtree(path)
        if creator is not None:
            paths = (
                key_path
                for _creator, key_path in self.by_creator.keys((creator, low), (creator, high))
            )
            found = ((key_path, self.tables.get(key_path)) for key_path in paths)
        else:
            found = self.tables.items(low, high)
        for key_path, known in found:
            if known is None:
                continue
            for entry in table_entries(key_path, known[0], known[1]):
                if entry[EXPIRES] <= now:
                    continue
                if creator is not None and entry[CREATOR] != creator:
                    continue
                if expires_before is None or entry[EXPIRES] < expires_before:
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
            if stealable is not None and entry[STEALABLE] != stealable:
                continue
            yield entry

    def entries(self, path, **filters):
        return (as_dict(entry) for entry in self.raw_entries(path, **filters))

    def entry(self, path, fragment, now=0.0):
        known = self.tables.get(path)
        if known is None:
            return None
        for entry in table_entries(path, known[0], known[1]):
            if entry[1] == fragment and entry[EXPIRES] > now:
                return entry
        return None

    def count(self, path, now=0.0):
        """From the tables' cached summaries, summed in C (``map``): a
        subtree of 10,000 locked items costs a few milliseconds; only the
        tables where a lock expired (unswept yet) are read in Python."""
        low, high = subtree(path)
        tables = list(map(TABLE, self.tables.values(low, high)))
        try:
            total = sum(map(ENTRY_COUNT, tables))
        except AttributeError:  # some tables are not summarized (yet, or any more)
            tables = list(map(summarized, tables))
            total = sum(map(ENTRY_COUNT, tables))
        with_expired = compress(tables, map(float(now).__ge__, map(FIRST_EXPIRY, tables)))
        return total - sum(expired_count(table, now) for table in with_expired)

    def window(self, path, start, stop, now=0.0):
        """The raw entries ``start:stop`` of ``raw_entries(path, now=now)``
        (no filters), skipping whole tables on the way to ``start``."""
        low, high = subtree(path)
        page, position = [], 0
        for key_path, (uid, table, _creators) in self.tables.items(low, high):
            if position >= stop:
                break
            if summarized(table)._v_until > now:
                entries, count = None, table._v_count
            else:
                entries = live_entries(key_path, uid, table, now)
                count = len(entries)
            if position + count > start:
                if entries is None:
                    entries = table_entries(key_path, uid, table)
                page.extend(entries[max(start - position, 0) : stop - position])
            position += count
        return page

    def scan(self, start, limit):
        """Up to ``limit`` (path, uid, table) after ``start`` (wrapping
        around): what one sweep looks at."""
        found = list(self.tables.items(min=start, excludemin=start is not None)[:limit])
        if len(found) < limit and start is not None:
            wrapped = self.tables.items()[: limit - len(found)]
            found += [item for item in wrapped if item[0] <= start]
        return [(path, uid, table) for path, (uid, table, _creators) in found]


def of_current_shape(index):
    """Whether a stored index and its history are of this version's shape
    (reads two attributes: cheap enough for every use)."""
    return (
        isinstance(index, SiteLocks)
        and isinstance(getattr(index, "tables", None), OOBTree)
        and isinstance(getattr(index, "history", None), SiteHistory)
    )
