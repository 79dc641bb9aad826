"""The record of forced and bulk releases: who released whose lock, and when.

Two bounded records, kept in the ZODB with the site-wide index:

- ``forced``: other people's locks broken (one at a time or in bulk). This
  is the audit trail: only breaking someone's lock writes to it, so no one
  can push its entries out by releasing their own locks.
- ``released``: one's own locks released in bulk (``DELETE @locks``).

Each holds exactly the ``history_size`` newest entries. Entries are plain
tuples of public info: a history never holds a token.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from collective.locking.interfaces import ILockHistory
from persistent import Persistent
from zope.interface import implementer

import heapq
import itertools
import secrets


FIELDS = ("when", "how", "actor", "creator", "path", "uid", "kind", "fragments", "bulk")

#: ``how``: someone else's lock broken, or one's own released in bulk.
FORCED = "forced"
RELEASED = "released"
KINDS = (FORCED, RELEASED)


class LockHistory(Persistent):
    """One bounded record, oldest key first (``SiteHistory`` holds two)."""

    def __init__(self):
        # "{when in microseconds}-{arrival}-{random}" -> entry tuple
        self.records = OOBTree()
        self.length = Length()

    def record(self, entry, size):
        # Time, then order of arrival, then chance (for concurrent releases).
        when = int(entry["when"] * 1_000_000)
        key = f"{when:020d}-{self.length():010d}-{secrets.token_hex(4)}"
        self.records[key] = tuple(
            tuple(entry[name]) if name == "fragments" else entry[name] for name in FIELDS
        )
        self.length.change(1)
        self.trim(size)

    def trim(self, size):
        """Keep the ``size`` newest entries."""
        excess = self.length() - size
        if excess <= 0:
            return
        for key in list(itertools.islice(self.records.keys(), excess)):
            del self.records[key]
        self.length.set(len(self.records))

    def keyed(self):
        """(key, entry) pairs, newest first."""
        for key in reversed(self.records.keys()):
            yield key, as_dict(self.records[key])

    def entries(self):
        return (entry for _key, entry in self.keyed())

    def __len__(self):
        return self.length()


def as_dict(record):
    info = dict(zip(FIELDS, record, strict=True))
    info["fragments"] = list(info["fragments"])
    return info


@implementer(ILockHistory)
class SiteHistory(Persistent):
    """The site's two records, read as one (newest first) or each alone."""

    def __init__(self):
        self.forced = LockHistory()
        self.released = LockHistory()

    def record(self, entry, size):
        self.records[entry["how"]].record(entry, size)

    @property
    def records(self):
        return {FORCED: self.forced, RELEASED: self.released}

    def trim(self, size):
        for kept in self.records.values():
            kept.trim(size)

    def entries(self, how=None):
        if how is not None:
            return self.records[how].entries()
        merged = heapq.merge(
            self.forced.keyed(), self.released.keyed(), key=lambda pair: pair[0], reverse=True
        )
        return (entry for _key, entry in merged)

    def count(self, how=None):
        if how is not None:
            return len(self.records[how])
        return len(self.forced) + len(self.released)

    def __len__(self):
        return self.count()
