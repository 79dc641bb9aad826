"""Entries of the site-wide index: one per public lock URI (``(path, "")``
for a resource lock, ``(path, fragment)`` for each fragment of a fragment
lock), made from a lock table's records as plain tuples of public info in
``FIELDS`` order, never tokens (a lock is known by its ``lock_id``)."""

from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import RESOURCE
from collective.locking.lock import fingerprint
from collective.locking.storage import record_expires
from collective.locking.storage import record_uris
from operator import attrgetter
from operator import itemgetter


#: Sorts after every path segment: the upper bound of a subtree's keys.
AFTER_ALL = "\U0010ffff"

#: Seconds an item whose locks all ended keeps its key before the sweep may
#: forget it: a lock cycled on one item finds its key still there.
QUIET_AGE = 3600

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

EXPIRES = FIELDS.index("expires")
CREATOR = FIELDS.index("creator")
STEALABLE = FIELDS.index("stealable")
UID = FIELDS.index("uid")


def as_dict(entry):
    info = dict(zip(FIELDS, entry, strict=True))
    info["kind"] = FRAGMENT if info["fragment"] else RESOURCE
    info["creator"] = info["creator"] or None
    return info


def subtree(path):
    """Key bounds of the items at ``path`` and below."""
    return path, path + (AFTER_ALL,)


def record_entries(path, uid, token, record):
    """The entries of one lock record of a table."""
    lock_id = fingerprint(token)
    expires = float(record_expires(record))
    return [
        (
            path,
            fragment,
            uid,
            lock_id,
            record["creator"] or "",
            float(record["created"]),
            expires,
            int(record["timeout"]),
            bool(record["stealable"]),
            record["lock_type"],
            bool(record["user_unlockable"]),
            record["creator_name"] or "",
        )
        for fragment in record_uris(record)
    ]


def table_entries(path, uid, table):
    """Every entry of ``table``'s records (expired ones included), in
    fragment order; made once per state of the table (its writes replace its
    dict of records, so identity tells)."""
    return table.view("entries", (path, uid), lambda: made_entries(path, uid, table))


def made_entries(path, uid, table):
    return sorted(
        (
            entry
            for token, record in table.locks.items()
            for entry in record_entries(path, uid, token, record)
        ),
        key=lambda entry: entry[1],
    )


ENTRY_COUNT = attrgetter("_v_count")
FIRST_EXPIRY = attrgetter("_v_until")
TABLE = itemgetter(1)


def summarized(table):
    if not hasattr(table, "_v_until"):
        table.summarize()
    return table


def expired_count(table, now):
    """How many entries of ``table`` have expired at ``now``."""
    return sum(
        len(record_uris(record)) for record in table.locks.values() if record_expires(record) <= now
    )


def live_entries(path, uid, table, now):
    entries = table_entries(path, uid, table)
    if summarized(table)._v_until > now:
        return entries
    return [entry for entry in entries if entry[EXPIRES] > now]


def latest_end(table):
    """When the last lock of ``table`` ended (0 if none is remembered)."""
    return max((fate[1] for fate in table.ended_fates().values()), default=0.0)
