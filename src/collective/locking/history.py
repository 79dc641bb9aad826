"""The record of forced and bulk releases: who broke whose lock, and when.

Kept in the ZODB with the site-wide index, bounded (the ``history_size``
setting), newest first. Entries are plain tuples of public info: a history
never holds a token.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from collective.locking.interfaces import ILockHistory
from persistent import Persistent
from zope.interface import implementer

import secrets


FIELDS = ("when", "how", "actor", "creator", "path", "uid", "kind", "fragments")

#: Trimming waits until the history is this much over its size, so that
#: concurrent releases rarely both delete the same oldest entries.
SLACK = 1.1


@implementer(ILockHistory)
class LockHistory(Persistent):
    def __init__(self):
        # (when in microseconds, random) -> entry tuple
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
        if self.length() > size * SLACK:
            self.trim(size)

    def trim(self, size):
        excess = len(self.records) - size
        for key in list(self.records.keys())[: max(excess, 0)]:
            del self.records[key]
        self.length.set(len(self.records))

    def entries(self):
        for key in reversed(self.records.keys()):
            info = dict(zip(FIELDS, self.records[key], strict=True))
            info["fragments"] = list(info["fragments"])
            yield info

    def __len__(self):
        return min(self.length(), len(self.records))
