"""The assumptions ``collective.locking.zodb`` makes about ZODB and the
transaction package, one test each, on a real database (a FileStorage in a
temporary directory): if an upgrade changes one, this names it."""

from collective.locking import zodb
from persistent import Persistent
from ZODB.FileStorage import FileStorage

import pytest
import transaction
import ZODB


class Item(Persistent):
    def __init__(self, title):
        self.title = title


@pytest.fixture
def connection(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    connection.root()["item"] = Item("committed")
    manager.commit()
    yield connection
    manager.abort()
    connection.close()
    db.close()


def item_and_txn(connection):
    return connection.root()["item"], connection.transaction_manager.get()


def test_a_transaction_lists_the_connections_it_joined(connection):
    item, txn = item_and_txn(connection)
    assert zodb.joined_connections(txn) == []
    item.title = "changed"
    assert zodb.joined_connections(txn) == [connection]


def test_a_connection_lists_the_objects_changed_since_its_last_savepoint(connection):
    item, txn = item_and_txn(connection)
    item.title = "changed"
    assert zodb.registered_objects(connection) == [item]
    txn.savepoint()
    assert zodb.registered_objects(connection) == []


def test_changed_objects_include_those_a_savepoint_holds(connection):
    item, txn = item_and_txn(connection)
    item.title = "changed"
    txn.savepoint()
    other = Item("new")
    connection.root()["other"] = other
    txn.savepoint()
    # The root (changed after the first savepoint) and the item (before it);
    # the new object is not among them.
    assert {obj._p_oid for obj in zodb.changed_objects(connection)} == {
        item._p_oid,
        connection.root()._p_oid,
    }


def test_new_objects_are_known_before_and_after_a_savepoint(connection):
    _item, txn = item_and_txn(connection)
    first = Item("first")
    connection.root()["first"] = first
    connection.add(first)
    assert first._p_oid in zodb.new_oids(connection)
    txn.savepoint()
    second = Item("second")
    connection.root()["second"] = second
    txn.savepoint()
    assert {first._p_oid, second._p_oid} <= zodb.new_oids(connection)


def test_the_committed_state_is_read_with_oldstate(connection):
    item, _txn = item_and_txn(connection)
    item.title = "changed"
    assert connection._savepoint_storage is None
    assert zodb.committed_state(connection, item) == {"title": "committed"}


def test_after_a_savepoint_oldstate_cannot_read_and_the_own_storage_does(connection):
    item, txn = item_and_txn(connection)
    item.title = "changed"
    txn.savepoint()
    item.title = "changed again"
    with pytest.raises(AttributeError):  # the savepoint's storage has no loadSerial
        connection.oldstate(item, item._p_serial)
    assert zodb.committed_state(connection, item) == {"title": "committed"}
