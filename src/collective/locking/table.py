"""Where an item's locks are stored: one persistent table per item.

The table lives in the item's annotations. Its state is plain data (records
keyed by token), which lets it resolve write conflicts itself: two
transactions that change different locks of the same item (two editors
locking different fields, say) are merged, as long as the merged table still
keeps the lock rules. Anything else is left to ZODB's conflict error and the
publisher's retry.
"""

from collective.locking.rules import table_conflicts
from persistent import Persistent
from ZODB.POSException import ConflictError

import hashlib


#: How many ended locks a table remembers, to tell a client why its token
#: stopped working.
ENDED_MEMORY = 50


def fingerprint(token):
    """What the table keeps of a dead token: enough to recognise it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LockTable(Persistent):
    """Lock records by token, and the fate of recently ended tokens."""

    def __init__(self):
        self.locks = {}
        # fingerprint -> {"reason": ..., "when": timestamp}
        self.ended = {}

    def put(self, token, record):
        self.locks = {**self.locks, token: record}

    def remove(self, token, reason, when):
        locks = dict(self.locks)
        del locks[token]
        self.locks = locks
        ended = {**self.ended, fingerprint(token): {"reason": reason, "when": when}}
        if len(ended) > ENDED_MEMORY:
            oldest = sorted(ended, key=lambda key: ended[key]["when"])
            for key in oldest[: len(ended) - ENDED_MEMORY]:
                del ended[key]
        self.ended = ended

    def fate(self, token):
        """How the lock of ``token`` ended, or None if it did not (yet)."""
        return self.ended.get(fingerprint(token))

    def _p_resolveConflict(self, old, committed, new):
        """Merge two concurrent changes of different locks.

        Each side's changes are taken against the common ancestor ``old``;
        a lock changed on both sides, or a merged table that breaks the lock
        rules (two locks on one field, a resource lock beside another lock),
        is a real conflict.
        """
        merged = {}
        for name in ("locks", "ended"):
            before, done, doing = old[name], committed[name], new[name]
            result = dict(done)
            for key in set(before) | set(doing):
                if before.get(key) == doing.get(key):
                    continue  # the new transaction left it alone
                if before.get(key) != done.get(key) and done.get(key) != doing.get(key):
                    raise ConflictError("both transactions changed one lock")
                if key in doing:
                    result[key] = doing[key]
                else:
                    result.pop(key, None)
            merged[name] = result
        if table_conflicts(merged["locks"].values()):
            raise ConflictError("merged locks would overlap")
        return {**new, **merged}
