"""Two transactions on two connections lock different fields of one item.

The item's lock table exists already in these tests: the very first lock on
an item creates it, and two first locks racing each other conflict on the
item's annotations, which the publisher's retry of conflicting requests
absorbs.
"""

from collective.locking.interfaces import IItemLocks
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
