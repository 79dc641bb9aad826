"""The site-wide index follows the model's events, never shows an expired
lock, sweeps them without cron, and is rebuilt from the items' tables."""

from collective.locking import clock
from collective.locking import interfaces
from collective.locking.index import LOCK_ID
from collective.locking.index import TOMBSTONE_AGE
from collective.locking.interfaces import IItemLocks
from collective.locking.sitewide import CURSORS
from collective.locking.sitewide import path_of
from collective.locking.sitewide import rebuild
from collective.locking.sitewide import site_locks
from collective.locking.sitewide import sweep
from plone import api
from plone.app.testing import login
from zope.component import getGlobalSiteManager

import pytest


@pytest.fixture
def folder(portal):
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="f", title="F")
        api.content.create(container=folder, type="Document", id="p", title="P")
        api.content.create(container=portal, type="Document", id="fx", title="Beside")
    login(portal, "editor-a")
    return folder


def keys(portal, path=None):
    index = site_locks()
    base = path_of(portal)
    entries = index.entries(path or base, now=clock.now())
    return sorted(("/".join(entry["path"][len(base) :]), entry["fragment"]) for entry in entries)


def test_entries_follow_the_locks(portal, folder):
    page = folder["p"]
    locks = IItemLocks(page)
    lock = locks.acquire(fragments=["title", "text"])
    IItemLocks(portal["fx"]).acquire()
    assert keys(portal) == [("f/p", "text"), ("f/p", "title"), ("fx", "")]
    assert keys(portal, path_of(folder)) == [("f/p", "text"), ("f/p", "title")]  # not f-x
    locks.release(lock.token, ["title"])
    assert keys(portal, path_of(folder)) == [("f/p", "text")]
    (entry,) = site_locks().entries(path_of(folder))
    assert lock.token not in repr(entry) and entry["lock_id"] == lock.lock_id


def test_entries_move_with_the_item(portal, folder):
    IItemLocks(folder["p"]).acquire(fragments=["title"])
    with api.env.adopt_roles(["Manager"]):
        api.content.rename(obj=folder, new_id="g")  # its owner's lock moves along
    assert keys(portal) == [("g/p", "title")]
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(obj=portal["g"], check_linkintegrity=False)
    assert keys(portal) == []


def test_expired_locks_never_listed_and_swept(portal, folder):
    seen = []
    gsm = getGlobalSiteManager()
    handler = gsm.registerHandler
    record = lambda obj, event: seen.append(event.lock.lock_id)  # noqa: E731
    handler(record, (None, interfaces.ILockExpiredEvent))
    try:
        lock = IItemLocks(folder["p"]).acquire(timeout=60)
        later = clock.now() + 61
        assert len(list(site_locks().entries(path_of(portal)))) == 1  # not yet swept
        assert list(site_locks().entries(path_of(portal), now=later)) == []  # never listed
        assert sweep(portal, now=later) == 1
        assert seen == [lock.lock_id]
        assert list(site_locks().entries(path_of(portal))) == []
        assert IItemLocks(folder["p"])._table().locks == {}
    finally:
        gsm.unregisterHandler(record, (None, interfaces.ILockExpiredEvent))


def test_sweep_is_bounded(portal, folder):
    CURSORS.clear()
    for item in (folder["p"], portal["fx"]):
        IItemLocks(item).acquire(timeout=60)
    later = clock.now() + 61
    assert sweep(portal, now=later, limit=1) == 1  # looks at one entry
    assert sweep(portal, now=later, limit=1) == 1  # the next one
    assert sweep(portal, now=later, limit=10) == 0


def test_ended_locks_leave_tombstones_the_sweep_forgets(portal, folder):
    """An ended lock keeps its key (concurrent changes to one bucket merge);
    the sweep removes keys unused for TOMBSTONE_AGE."""
    CURSORS.clear()
    locks = IItemLocks(folder["p"])
    locks.release(locks.acquire().token)
    index = site_locks()
    key = (path_of(folder["p"]), "")
    assert index.by_key[key][LOCK_ID] == ""
    assert list(index.entries(path_of(portal))) == []
    assert sweep(portal, now=clock.now() + 60) == 0
    assert key in index.by_key  # recently ended: kept for the next lock
    again = locks.acquire()
    assert index.by_key[key][LOCK_ID] == again.lock_id
    locks.release(again.token)
    assert sweep(portal, now=clock.now() + TOMBSTONE_AGE + 1) == 0
    assert key not in index.by_key
    assert list(index.by_creator.keys()) == []


def test_rebuild_from_the_items_tables(portal, folder):
    IItemLocks(folder["p"]).acquire(fragments=["title"])
    IItemLocks(portal["fx"]).acquire()
    before = keys(portal)
    site_locks().clear()
    assert keys(portal) == []
    assert rebuild(portal) == 2
    assert keys(portal) == before
