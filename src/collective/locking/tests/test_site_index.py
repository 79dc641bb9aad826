"""The site-wide index follows the model's events, never shows an expired
lock, sweeps them without cron, and is rebuilt from the items' tables."""

from BTrees.OOBTree import OOBTree
from collective.locking import clock
from collective.locking import interfaces
from collective.locking.entries import as_dict
from collective.locking.entries import QUIET_AGE
from collective.locking.errors import DevelopmentDatabase
from collective.locking.interfaces import IItemLocks
from collective.locking.management import SubtreeEntries
from collective.locking.sitewide import path_of
from collective.locking.sitewide import rebuild
from collective.locking.sitewide import site_locks
from collective.locking.sweep import CURSORS
from collective.locking.sweep import sweep
from plone import api
from plone.app.testing import login
from zope.component import getGlobalSiteManager

import pytest
import transaction


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


def index_objects(index):
    """The persistent objects of the index: itself, its trees, their buckets."""
    found = [index]
    for tree in (index.tables, index.by_creator):
        found.append(tree)
        bucket = tree._firstbucket
        while bucket is not None:
            found.append(bucket)
            bucket = bucket._next
    return found


def test_a_lock_change_writes_only_the_items_table(portal, folder):
    """Locking and releasing an item known to the index write nothing of it:
    locks on different items share no object."""
    locks = IItemLocks(folder["p"])
    locks.release(locks.acquire(fragments=["title"]).token)
    transaction.savepoint(optimistic=True)
    jar = folder["p"]._p_jar
    index_ids = {id(obj) for obj in index_objects(site_locks())}
    for change in (
        lambda: locks.acquire(fragments=["title"]),
        lambda: locks.release_own(),
        lambda: locks.acquire(),
        lambda: locks.refresh(),
        lambda: locks.release_own(),
    ):
        change()
        written = {id(obj) for obj in jar._registered_objects}
        assert written, "the change wrote nothing at all"
        assert not written & index_ids
        transaction.savepoint(optimistic=True)


def test_ended_locks_keep_the_item_known_until_quiet(portal, folder):
    """An item whose locks ended keeps its key (the next lock there writes
    nothing of the index); the sweep forgets it QUIET_AGE later."""
    CURSORS.clear()
    locks = IItemLocks(folder["p"])
    locks.release(locks.acquire().token)
    index = site_locks()
    path = path_of(folder["p"])
    assert path in index.tables
    assert list(index.entries(path_of(portal))) == []
    assert sweep(portal, now=clock.now() + 60) == 0
    assert path in index.tables  # recently ended: kept for the next lock
    again = locks.acquire()
    assert [entry["lock_id"] for entry in index.entries(path)] == [again.lock_id]
    locks.release(again.token)
    assert sweep(portal, now=clock.now() + QUIET_AGE + 1) == 0
    assert path not in index.tables
    assert list(index.by_creator.keys()) == []


def test_listing_by_creator_reads_the_tables(portal, folder):
    """A user's key stays when someone else locks the item after them: the
    listing by creator still shows only their own live locks."""
    page = folder["p"]
    IItemLocks(page).release(IItemLocks(page).acquire().token)
    login(portal, "editor-b")
    IItemLocks(page).acquire(fragments=["title"])
    index = site_locks()
    assert [e["creator"] for e in index.entries(path_of(portal), creator="editor-a")] == []
    assert [e["fragment"] for e in index.entries(path_of(portal), creator="editor-b")] == ["title"]


def test_rebuild_from_the_items_tables(portal, folder):
    IItemLocks(folder["p"]).acquire(fragments=["title"])
    IItemLocks(portal["fx"]).acquire()
    before = keys(portal)
    site_locks().clear()
    assert keys(portal) == []
    assert rebuild(portal) == 2
    assert keys(portal) == before


def test_pages_of_a_subtree_match_the_whole_listing(portal, folder):
    """The unfiltered listing counts from the tables' summaries and reads
    one page: the same entries, page by page, as filtering them all, also
    once a lock has expired unswept."""
    index = site_locks()
    IItemLocks(folder["p"]).acquire(fragments=["title", "description", "text"])
    IItemLocks(portal["fx"]).acquire(timeout=60)
    IItemLocks(folder).acquire()
    base = path_of(portal)
    for now in (clock.now(), clock.now() + 61):  # then the lock on fx expired
        whole = [as_dict(entry) for entry in index.raw_entries(base, now=now)]
        pages = SubtreeEntries(index, base, now)
        assert len(pages) == len(whole) == (5 if now < clock.now() + 60 else 4)
        for start in range(len(whole) + 1):
            for size in (1, 2, 3):
                assert pages[start : start + size] == whole[start : start + size]
        assert pages[-1] == whole[-1] and pages[0] == whole[0]


def test_an_index_of_a_development_shape_says_what_to_run(portal, folder):
    """No upgrade steps: an index (or history) of a shape only a development
    version wrote is told in one line, not migrated."""
    index = site_locks()
    del index.tables
    index.by_key = OOBTree()  # a development version's shape
    with pytest.raises(DevelopmentDatabase) as raised:
        site_locks()
    assert str(raised.value) == (
        "collective.locking: this database was made by a development version; "
        "run `make clean` (or rebuild the site) to start afresh."
    )
    with pytest.raises(DevelopmentDatabase):
        rebuild(portal)
    index.tables = OOBTree()
    index.history = OOBTree()  # a history of another type
    with pytest.raises(DevelopmentDatabase):
        site_locks()
