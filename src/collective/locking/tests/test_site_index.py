"""The site-wide index follows the model's events, never shows an expired
lock, sweeps them without cron, and is rebuilt from the items' tables."""

from collective.locking import clock
from collective.locking import interfaces
from collective.locking.interfaces import IItemLocks
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
        assert site_locks().entries(path_of(portal), now=later) != []  # raw, time passed
        assert list(site_locks().entries(path_of(portal), now=later)) == []
        assert sweep(portal, now=later) == 1
        assert seen == [lock.lock_id]
        assert list(site_locks().entries(path_of(portal))) == []
        assert IItemLocks(folder["p"])._table().locks == {}
    finally:
        gsm.unregisterHandler(record, (None, interfaces.ILockExpiredEvent))


def test_sweep_is_bounded(portal, folder):
    for item in (folder["p"], portal["fx"]):
        IItemLocks(item).acquire(timeout=60)
    assert sweep(portal, now=clock.now() + 61, limit=1) == 1
    assert sweep(portal, now=clock.now() + 61, limit=10) == 1
    assert sweep(portal, now=clock.now() + 61, limit=10) == 0


def test_rebuild_from_the_items_tables(portal, folder):
    IItemLocks(folder["p"]).acquire(fragments=["title"])
    IItemLocks(portal["fx"]).acquire()
    before = keys(portal)
    site_locks().clear()
    assert keys(portal) == []
    assert rebuild(portal) == 2
    assert keys(portal) == before
