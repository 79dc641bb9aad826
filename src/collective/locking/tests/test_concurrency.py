"""Two transactions on two connections lock different fields of one item.

The item's lock table exists already in these tests: the very first lock on
an item creates it, and two first locks racing each other conflict on the
item's annotations, which the publisher's retry of conflicting requests
absorbs.
"""

from collective.locking.interfaces import IItemLocks
from collective.locking.sitewide import site_locks
from plone import api
from plone.app.testing import login
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

import pytest
import transaction


@pytest.fixture
def two_connections(functional):
    """Two connections (two transaction managers) on the test's database."""
    db = functional["zodbDB"]
    portal_path = functional["portal"].getPhysicalPath()
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(container=portal, type="Document", id="page")
        # A first lock, released, so that both sides change an existing table.
        locks = IItemLocks(page)
        locks.release(locks.acquire().token)
    transaction.commit()
    opened = []

    def open_page(login_name):
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        opened.append(connection)
        app = connection.root()["Application"]
        site = app.unrestrictedTraverse("/".join(portal_path))
        setSite(site)
        login(site, login_name)
        return manager, site["page"]

    yield open_page
    for connection in opened:
        connection.transaction_manager.abort()
        connection.close()
    setSite(portal)


def test_different_fields_merge(two_connections):
    manager_a, page_a = two_connections("editor-a")
    manager_b, page_b = two_connections("editor-b")
    IItemLocks(page_a).acquire(fragments=["title"])
    IItemLocks(page_b).acquire(fragments=["description"])
    manager_a.commit()
    manager_b.commit()  # no ConflictError: the table merges both

    manager_c, page_c = two_connections("editor-a")
    assert sorted(IItemLocks(page_c).fragment_locks()) == ["description", "title"]


def test_same_field_conflicts(two_connections):
    manager_a, page_a = two_connections("editor-a")
    manager_b, page_b = two_connections("editor-b")
    IItemLocks(page_a).acquire(fragments=["title"])
    IItemLocks(page_b).acquire(fragments=["title", "text"])
    manager_a.commit()
    with pytest.raises(ConflictError):
        manager_b.commit()


def test_resource_lock_conflicts_with_fragment_lock(two_connections):
    manager_a, page_a = two_connections("editor-a")
    manager_b, page_b = two_connections("editor-b")
    IItemLocks(page_a).acquire(fragments=["title"])
    IItemLocks(page_b).acquire()
    manager_a.commit()
    with pytest.raises(ConflictError):
        manager_b.commit()


def items_on_two_connections(functional, locked_once):
    db = functional["zodbDB"]
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        for id in ("one", "two"):
            page = api.content.create(container=portal, type="Document", id=id)
            if locked_once:
                locks = IItemLocks(page)
                locks.release(locks.acquire().token)
    transaction.commit()
    opened = []

    def open_item(id):
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        opened.append(connection)
        site = connection.root()["Application"].unrestrictedTraverse(
            "/".join(portal.getPhysicalPath())
        )
        setSite(site)
        return manager, site[id]

    yield open_item
    for connection in opened:
        connection.transaction_manager.abort()
        connection.close()
    setSite(portal)


@pytest.fixture
def two_items(functional):
    """Two connections, two pages, each locked once already (so the index
    knows them): locks on them write nothing they share."""
    yield from items_on_two_connections(functional, locked_once=True)


@pytest.fixture
def two_new_items(functional):
    """Two connections, two pages never locked: their first locks add keys
    to the index's trees."""
    yield from items_on_two_connections(functional, locked_once=False)


def act_as(item, login_name):
    """Work on ``item`` through its own connection's site, as ``login_name``."""
    setSite(item.aq_parent)
    login(item.aq_parent, login_name)


def test_first_locks_on_two_items_merge_in_the_index(two_new_items):
    manager_a, one = two_new_items("one")
    manager_b, two = two_new_items("two")
    act_as(one, "editor-a")
    IItemLocks(one).acquire()
    act_as(two, "editor-b")
    IItemLocks(two).acquire(fragments=["title"])
    manager_a.commit()
    manager_b.commit()  # no ConflictError: the trees merge two new keys
    manager_c, one_again = two_new_items("one")
    index = site_locks(one_again.aq_parent)
    assert sorted(entry["creator"] for entry in index.entries(("",))) == ["editor-a", "editor-b"]


@pytest.mark.parametrize("kind", [{}, {"fragments": ["title"]}])
def test_locks_on_two_items_do_not_conflict_on_the_index(two_items, kind):
    manager_a, one = two_items("one")
    manager_b, two = two_items("two")
    act_as(one, "editor-a")
    IItemLocks(one).acquire(**kind)
    act_as(two, "editor-b")
    IItemLocks(two).acquire(**kind)
    manager_a.commit()
    manager_b.commit()  # no ConflictError

    manager_c, one_again = two_items("one")
    index = site_locks(one_again.aq_parent)
    creators = sorted(entry["creator"] for entry in index.entries(("",)))
    assert creators == ["editor-a", "editor-b"]


def test_releases_on_two_items_do_not_conflict_on_the_index(two_items):
    manager_a, one = two_items("one")
    manager_b, two = two_items("two")
    act_as(one, "editor-a")
    first = IItemLocks(one).acquire()
    act_as(two, "editor-a")
    second = IItemLocks(two).acquire()
    manager_a.commit()
    manager_b.commit()
    manager_a, one = two_items("one")
    manager_b, two = two_items("two")
    act_as(one, "editor-a")
    IItemLocks(one).release(first.token)
    act_as(two, "editor-a")
    IItemLocks(two).release(second.token)
    manager_a.commit()
    manager_b.commit()  # no ConflictError
    manager_c, one_again = two_items("one")
    assert list(site_locks(one_again.aq_parent).entries(("",))) == []
