"""Where an item's locks are stored: one persistent table per item.

The table lives in the item's annotations. Its state is plain data (records
keyed by token), which lets it resolve write conflicts itself: two
transactions that change different locks of the same item (two editors
locking different fields, say) are merged, as long as the merged table still
keeps the lock rules. Anything else is left to ZODB's conflict error and the
publisher's retry. Conflict resolution runs where ZODB runs it (on a ZEO
server, in the server's process), so this module imports nothing of Plone.

The fate of recently ended tokens lives in a second persistent object, so
that the many lock changes that end nothing do not write it again. Older
tokens are still recognised as this item's: each token carries a mark made
with the table's own secret, so that a token whose fate is forgotten is
"ended", never mistaken for no token at all.
"""

from collective.locking.errors import DevelopmentDatabase
from collective.locking.rules import table_conflicts
from persistent import Persistent
from ZODB.POSException import ConflictError

import base64
import hashlib
import hmac
import logging
import secrets


logger = logging.getLogger("collective.locking.storage")

#: How many ended locks a table remembers, to tell a client why its token
#: stopped working.
ENDED_MEMORY = 20

INFINITY = float("inf")

#: Bytes of a table's secret, and of the mark it puts on its tokens.
SECRET_BYTES = 16
MARK_BYTES = 8


def new_secret():
    return secrets.token_bytes(SECRET_BYTES)


def token_mark(secret, base):
    data = base.encode("utf-8", "surrogatepass")
    digest = hmac.new(secret, data, hashlib.sha256).digest()[:MARK_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def record_expires(record):
    """When the lock of a stored record expires."""
    return record["refreshed"] + record["timeout"]


def record_uris(record):
    """The public lock URIs of a record: "" for a resource lock, else each
    fragment."""
    return record.get("fragments") or ("",)


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


def log_resolution(kind):
    """One line in the log per resolved conflict (the cluster tests count
    them in the ZEO server's log)."""
    logger.info("collective.locking resolved a conflict on a %s", kind)


class EndedTokens(Persistent):
    """The tokens of recently ended locks, and how they ended: kept small
    (each lock release writes it again), as a short digest of the token
    (enough to recognise it, useless to open a lock) -> (reason, when)."""

    def __init__(self):
        self.fates = {}

    def remember(self, token, reason, when):
        self.fates = newest({**self.fates, digest(token): (reason, when)})

    def fate(self, token):
        """{"reason", "when"} of ``token``'s ended lock, or None."""
        found = self.fates.get(digest(token))
        return {"reason": found[0], "when": found[1]} if found is not None else None

    def _p_resolveConflict(self, old, committed, new):
        merged = merge_changes(old["fates"], committed["fates"], new["fates"])
        log_resolution("list of ended locks")
        return {**new, "fates": newest(merged)}


def digest(token):
    return hashlib.sha256(token.encode("utf-8")).digest()[:16]


def newest(fates):
    """The ``ENDED_MEMORY`` most recent fates (the same choice on every side
    of a conflict, so merging stays deterministic)."""
    if len(fates) <= ENDED_MEMORY:
        return fates
    keep = sorted(fates, key=lambda key: (fates[key][1], key))[-ENDED_MEMORY:]
    return {key: fates[key] for key in keep}


class LockTable(Persistent):
    """Lock records by token, and the fate of recently ended tokens.

    Views of the records are cached on the table (``_v_`` attributes: they
    go when a write here, or another transaction's, changes the records):
    ``_v_count`` and ``_v_until`` (``summarize``), and the views that
    ``view`` keeps: the model's parse and the index's entries.
    """

    #: Marks the tokens of this table's locks (tables stored before it
    #: existed get one when they next issue a token).
    secret = None

    def __init__(self):
        self.locks = {}
        self.ended = EndedTokens()
        self.secret = new_secret()

    def marked(self, base):
        """A new token: ``base`` (random) with this table's mark."""
        if self.secret is None:
            self.secret = new_secret()
        return f"{base}.{token_mark(self.secret, base)}"

    def issued(self, token):
        """Whether this table made ``token`` (live, ended or long forgotten).
        Any string may come in (a header, a form): compared as bytes."""
        base, dot, mark = token.rpartition(".")
        if not dot or self.secret is None:
            return False
        expected = token_mark(self.secret, base).encode("ascii")
        return hmac.compare_digest(mark.encode("utf-8", "surrogatepass"), expected)

    def put(self, token, record):
        self.locks = {**self.locks, token: record}
        self._v_forget()

    def remove(self, token, reason, when):
        locks = dict(self.locks)
        del locks[token]
        self.locks = locks
        self._v_forget()
        self._ended().remember(token, reason, when)

    def summarize(self):
        """Cache, until the table changes: ``_v_count``, its entries (one per
        fragment, or one for a resource lock), and ``_v_until``, when the
        first of its locks expires. The site-wide index sums them for a
        whole subtree at C speed."""
        records = self.locks.values()
        self._v_count = sum(len(record_uris(record)) for record in records)
        self._v_until = min(map(record_expires, records), default=INFINITY)

    def view(self, name, key, compute):
        """``compute()``'s view of the records, made once per state of the
        records and ``key`` (writes replace the dict of records, so identity
        tells) and kept as ``_v_{name}``."""
        attribute = f"_v_{name}"
        cached = getattr(self, attribute, None)
        records = self.locks
        if cached is not None and cached[0] is records and cached[1] == key:
            return cached[2]
        value = compute()
        setattr(self, attribute, (records, key, value))
        return value

    def _v_forget(self):
        # Cached views of the records (``_v_`` values also go when another
        # transaction's change invalidates the table).
        for name in [name for name in vars(self) if name.startswith("_v_")]:
            delattr(self, name)

    def fate(self, token):
        """How the lock of ``token`` ended, or None if it did not (yet)."""
        return self._ended().fate(token)

    def ended_fates(self):
        """Digest of each recently ended token -> (reason, when)."""
        return dict(self._ended().fates)

    def _ended(self):
        ended = self.ended
        if not isinstance(ended, EndedTokens):  # fates kept inline: a development version
            raise DevelopmentDatabase()
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
        if committed.get("secret") != new.get("secret"):
            raise ConflictError("the table's secret was made twice")
        log_resolution("lock table")
        return {**new, "locks": merged}
