"""The sweep: expired locks cleaned up, and items whose locks ended a while
ago forgotten by the site-wide index, a few items at a time after requests
that changed locks, in a transaction of their own."""

from collective.locking import clock
from collective.locking import logger
from collective.locking import scope
from collective.locking.entries import latest_end
from collective.locking.entries import QUIET_AGE
from collective.locking.locks import item_locks
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal
from collective.locking.sitewide import site_locks
from collective.locking.storage import record_expires
from ZODB.POSException import ConflictError

import transaction


#: How many items of the index one sweep looks at (and cleans up at most).
SWEEP_SCAN = 50

#: Seconds between two sweeps of one process (per site).
SWEEP_INTERVAL = 1.0

#: A cache of this process: where its last sweep stopped, by site (not
#: stored: a cursor shared by instances would make every sweep a conflict;
#: a restart begins again at the start, which is harmless).
CURSORS = {}

#: A cache of this process: when it last swept, by site.
LAST_SWEEP = {}


def due(site, now, limit=SWEEP_SCAN):
    """What the next ``limit`` items of the index (after where the last
    sweep of this process stopped) leave to clean up: items with expired
    locks, and items whose locks all ended ``QUIET_AGE`` ago. Reads only."""
    index = site_locks(site)
    if index is None:
        return [], []
    start = CURSORS.get(path_of(site))
    scanned = index.scan(start, limit)
    if scanned:
        CURSORS[path_of(site)] = scanned[-1][0]
    expired, quiet = [], []
    for path, _uid, table in scanned:
        records = table.locks
        if any(record_expires(record) <= now for record in records.values()):
            expired.append(path)
        elif not records and latest_end(table) < now - QUIET_AGE:
            quiet.append(path)
    return expired, quiet


def sweep(site, now=None, limit=SWEEP_SCAN):
    """Look at ``limit`` items of the index and clean up what expired there
    (records, an ``ILockExpiredEvent`` each) and forget quiet items; returns
    how many locks expired."""
    now = clock.now() if now is None else now
    expired, quiet = due(site, now, limit)
    return clean(site, expired, quiet, now)


def clean(site, expired, quiet, now):
    index = site_locks(site)
    swept = 0
    for path in expired:
        item = site.unrestrictedTraverse("/".join(path), None)
        if item is None or path_of(item) != path:  # gone without an event
            index.forget(path)
        else:
            swept += len(item_locks(item).purge_expired(now))
    for path in quiet:
        known = index.tables.get(path)
        if known is not None and not known[1].locks:
            index.forget(path)
    return swept


def sweep_due(site, now):
    """Whether this process should sweep ``site`` now: once per
    ``SWEEP_INTERVAL`` (a sweep reads its items' tables)."""
    key = path_of(site)
    if now - LAST_SWEEP.get(key, 0.0) < SWEEP_INTERVAL:
        return False
    LAST_SWEEP[key] = now
    return True


def sweep_after_request(event):
    """IPubSuccess: after a request that changed locks (at most once per
    ``SWEEP_INTERVAL``), look at a few items of the index and clean up what
    expired there, in a transaction of its own, so that a conflict (another
    instance sweeping the same lock) never fails the editor's request."""
    request_scope = scope.peek(event.request)
    if request_scope is None or not request_scope.changed_locks:
        return
    site = portal()
    if site is None or site_locks(site) is None:
        return
    now = clock.now()
    if not sweep_due(site, now):
        return
    expired, quiet = due(site, now)
    if not expired and not quiet:
        return
    try:
        transaction.begin()
        clean(site, expired, quiet, now)
        transaction.commit()
    except ConflictError:
        transaction.abort()
    except Exception:
        transaction.abort()
        logger.exception("collective.locking: sweeping expired locks failed")
