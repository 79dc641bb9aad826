"""The lock model without HTTP: events, tokens and concurrent transactions."""

from collective.locking import interfaces
from collective.locking.errors import LockConflict
from collective.locking.interfaces import IItemLocks
from collective.locking.locks import new_token
from OFS.LockItem import LockItem
from plone import api
from plone.app.testing import login
from zope.component import getGlobalSiteManager

import pytest
import secrets
import time


@pytest.fixture
def events():
    seen = []

    def record(obj, event):
        seen.append(type(event).__name__)

    gsm = getGlobalSiteManager()
    gsm.registerHandler(record, (None, interfaces.ILockEvent))
    yield seen
    gsm.unregisterHandler(record, (None, interfaces.ILockEvent))


@pytest.fixture
def page(portal):
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(container=portal, type="Document", id="page", title="Page")
    login(portal, "editor-a")
    return page


def test_lifecycle_events(page, events):
    locks = IItemLocks(page)
    lock = locks.acquire(timeout=1)
    locks.refresh(lock.token)
    locks.release(lock.token)
    expiring = locks.acquire(timeout=1)
    time.sleep(1.1)
    locks.acquire()  # cleans up the expired lock first
    assert events == [
        "LockCreatedEvent",
        "LockRefreshedEvent",
        "LockReleasedEvent",
        "LockCreatedEvent",
        "LockExpiredEvent",
        "LockCreatedEvent",
    ]
    assert expiring.token not in repr(expiring)


def test_zope_locks_follow_the_models_events(page):
    """A resource lock's Zope lock is made, refreshed and removed by the
    model's events; a lock Zope took itself is taken in, its event says
    ``from_zope``, and its Zope lock is left as Zope made it."""
    seen = []

    def record(obj, event):
        seen.append((type(event).__name__, event.from_zope))

    gsm = getGlobalSiteManager()
    gsm.registerHandler(record, (None, interfaces.ILockEvent))
    try:
        locks = IItemLocks(page)
        lock = locks.acquire()
        assert [item.getLockToken() for item in page.wl_lockValues()] == [lock.token]
        locks.release(lock.token)
        assert page.wl_lockValues() == []
        zope_lock = LockItem(page.acl_users.getUserById("editor-a"), timeout=600)
        page.wl_setLock(zope_lock.getLockToken(), zope_lock)
        modified = zope_lock.getModifiedTime()
        time.sleep(0.01)
        locks.sync_with_zope()
        assert page.wl_lockValues() == [zope_lock]
        assert zope_lock.getModifiedTime() == modified
        assert [lock.token for lock in locks.active()] == [zope_lock.getLockToken()]
    finally:
        gsm.unregisterHandler(record, (None, interfaces.ILockEvent))
    assert seen == [
        ("LockCreatedEvent", False),
        ("LockReleasedEvent", False),
        ("LockCreatedEvent", True),
    ]


def test_token_comes_from_secrets(monkeypatch, page):
    made = []

    def token_urlsafe(nbytes):
        made.append(secrets.token_hex(nbytes))
        return made[-1]

    monkeypatch.setattr("collective.locking.locks.secrets.token_urlsafe", token_urlsafe)
    lock = IItemLocks(page).acquire()
    # The random part, then the item's mark (11 characters: 8 bytes, base64).
    base, dot, mark = lock.token.rpartition(".")
    assert made == [base] and dot and len(mark) == 11
    assert len(new_token()) == 64  # 32 bytes, hex in this patched run


def test_resource_lock_excludes_others(page):
    IItemLocks(page).acquire()
    login(page.aq_parent, "editor-b")
    with pytest.raises(LockConflict) as conflict:
        IItemLocks(page).acquire()
    assert [lock.creator for lock in conflict.value.locks] == ["editor-a"]


def test_foreign_zope_lock_counts_as_resource_lock(page):
    from OFS.LockItem import LockItem

    user = api.user.get(username="editor-b").getUser()
    item = LockItem(user, timeout=300)
    page.wl_setLock(item.getLockToken(), item)
    (lock,) = IItemLocks(page).active()
    assert lock.foreign and lock.creator == "editor-b" and lock.fragments == ()
    with pytest.raises(LockConflict):
        IItemLocks(page).acquire()


def test_fragment_lock_events(page, events):
    locks = IItemLocks(page)
    lock = locks.acquire(fragments=["title", "description"])
    locks.acquire(fragments=["text"], token=lock.token)
    locks.release(lock.token, ["title"])
    assert sorted(locks.fragment_locks()) == ["description", "text"]
    login(page.aq_parent, "siteadmin")
    locks.force_release(locks.lock_for(lock.token))
    assert locks.fragment_locks() == {}
    assert events == [
        "LockCreatedEvent",
        "LockCreatedEvent",
        "LockReleasedEvent",
        "LockForceReleasedEvent",
    ]


def test_interfaces_are_complete(page):
    from collective.locking.sitewide import site_locks
    from zope.interface.verify import verifyObject

    locks = IItemLocks(page)
    lock = locks.acquire(fragments=["title"])
    assert verifyObject(IItemLocks, locks)
    assert verifyObject(interfaces.ILock, lock)
    assert verifyObject(interfaces.ISiteLocks, site_locks())
    assert verifyObject(interfaces.ILockHistory, site_locks().history)


def test_an_item_remembers_how_its_last_locks_ended(page):
    """A dead token gets its reason while it is among the item's last
    ENDED_MEMORY ended locks; older ones have "ended" (the item still knows
    its own tokens), a token of no lock of the item is unknown. What is kept
    is a short digest of each token, never the token."""
    from collective.locking.errors import LockGone
    from collective.locking.storage import ENDED_MEMORY

    locks = IItemLocks(page)
    tokens = []
    for _number in range(ENDED_MEMORY + 1):
        tokens.append(locks.acquire().token)
        locks.release(tokens[-1])
    reasons = []
    base, _dot, mark = tokens[0].rpartition(".")
    for token in (tokens[0], tokens[1], tokens[-1], f"{base}.{mark[::-1]}", "made-up"):
        with pytest.raises(LockGone) as gone:
            locks.lock_for(token)
        reasons.append(gone.value.reason)
    assert reasons == ["ended", "released", "released", "unknown", "unknown"]
    fates = locks._table().ended.fates
    assert len(fates) == ENDED_MEMORY
    assert not any(token.encode() in repr(fates).encode() for token in tokens)


def test_a_table_of_a_development_shape_says_what_to_run(page):
    """Fates kept inline in the table (a development version's shape) are
    not migrated: the one line says what to run."""
    from collective.locking.errors import DevelopmentDatabase

    locks = IItemLocks(page)
    token = locks.acquire().token
    locks._table().ended = {}
    with pytest.raises(DevelopmentDatabase, match="run `make clean`"):
        locks.release(token)
