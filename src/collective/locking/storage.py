"""Where an item's locks are stored: one persistent table per item.

The table lives in the item's annotations. Its state is plain data (records
keyed by token), which lets it resolve write conflicts itself: two
transactions that change different locks of the same item (two editors
locking different fields, say) are merged, as long as the merged table still
keeps the lock rules. Anything else is left to ZODB's conflict error and the
publisher's retry. Conflict resolution runs where ZODB runs it (on a ZEO
server, in the server's process), so this module imports nothing of Plone.

The fate of recently ended tokens lives in a second persistent object, so
that the many lock changes that end nothing do not write it again.
"""

from collective.locking.lock import fingerprint
from collective.locking.rules import table_conflicts
from persistent import Persistent
from ZODB.POSException import ConflictError

import logging


logger = logging.getLogger("collective.locking.storage")

#: How many ended locks a table remembers, to tell a client why its token
#: stopped working.
ENDED_MEMORY = 50

#: How many conflicts this process has resolved (read by the cluster tests
#: through the ZEO server's log, and by anyone curious).
resolved_conflicts = 0


def merge_changes(old, committed, new):
    """Apply ``new``'s changes (against the common ancestor ``old``) on top
    of ``committed``; a key changed differently on both sides is a conflict."""
    result = dict(committed)
    for key in set(old) | set(new):
        if old.get(key) == new.get(key):
            continue  # the new transaction left it alone
        if old.get(key) != committed.get(key) and committed.get(key) != new.get(key):
            raise ConflictError("both transactions changed one lock")
        if key in new:
            result[key] = new[key]
        else:
            result.pop(key, None)
    return result


def count_resolution(kind):
    global resolved_conflicts
    resolved_conflicts += 1
    logger.info(
        "collective.locking resolved a conflict on a %s (%d so far)", kind, resolved_conflicts
    )


class EndedTokens(Persistent):
    """Fingerprints of the tokens of recently ended locks, and how they ended."""

    def __init__(self):
        # fingerprint -> {"reason": ..., "when": timestamp}
        self.fates = {}

    def remember(self, token, reason, when):
        fates = {**self.fates, fingerprint(token): {"reason": reason, "when": when}}
        self.fates = newest(fates)

    def fate(self, token):
        return self.fates.get(fingerprint(token))

    def _p_resolveConflict(self, old, committed, new):
        merged = merge_changes(old["fates"], committed["fates"], new["fates"])
        count_resolution("list of ended locks")
        return {**new, "fates": newest(merged)}


def newest(fates):
    """The ``ENDED_MEMORY`` most recent fates (the same choice on every side
    of a conflict, so merging stays deterministic)."""
    if len(fates) <= ENDED_MEMORY:
        return fates
    keep = sorted(fates, key=lambda key: (fates[key]["when"], key))[-ENDED_MEMORY:]
    return {key: fates[key] for key in keep}


class LockTable(Persistent):
    """Lock records by token, and the fate of recently ended tokens."""

    def __init__(self):
        self.locks = {}
        self.ended = EndedTokens()

    def put(self, token, record):
        self.locks = {**self.locks, token: record}

    def remove(self, token, reason, when):
        locks = dict(self.locks)
        del locks[token]
        self.locks = locks
        self._ended().remember(token, reason, when)

    def fate(self, token):
        """How the lock of ``token`` ended, or None if it did not (yet)."""
        return self._ended().fate(token)

    def _ended(self):
        ended = self.ended
        if isinstance(ended, dict):  # written by 1.0.0a1: fates kept inline
            self.ended = EndedTokens()
            self.ended.fates = dict(ended)
            ended = self.ended
        return ended

    def _p_resolveConflict(self, old, committed, new):
        """Merge two concurrent changes of different locks.

        A lock changed on both sides, or a merged table that breaks the lock
        rules (two locks on one field, a resource lock beside another lock),
        is a real conflict.
        """
        merged = merge_changes(old["locks"], committed["locks"], new["locks"])
        if table_conflicts(merged.values()):
            raise ConflictError("merged locks would overlap")
        if not (old.get("ended") == committed.get("ended") == new.get("ended")):
            raise ConflictError("the list of ended locks was replaced")
        count_resolution("lock table")
        return {**new, "locks": merged}
