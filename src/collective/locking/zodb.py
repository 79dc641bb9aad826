"""What the write guard needs of ZODB and the transaction package beyond
their public API, in one place.

Each function leans on a private attribute (named in its docstring) because
no public API says it: which connections a transaction joined, which objects
a connection is about to write, which of them are new. The committed state
of an object is read with the public ``Connection.oldstate`` where it works.
``tests/test_zodb.py`` checks each assumption against the installed ZODB, so
that an upgrade that breaks one fails a named test, not a site.
"""

from ZODB.Connection import Connection


def joined_connections(txn):
    """The ZODB connections taking part in ``txn`` (``Transaction._resources``:
    a transaction lists its data managers nowhere public)."""
    return [resource for resource in txn._resources if isinstance(resource, Connection)]


def registered_objects(connection):
    """The objects changed since the connection's last savepoint
    (``Connection._registered_objects``)."""
    return list(connection._registered_objects)


def changed_objects(connection):
    """Every object the transaction writes through ``connection``: those
    changed since the last savepoint, and those a savepoint already holds
    (``Connection._savepoint_storage``: its ``index`` of oids, its
    ``creating`` ones). Objects are found in the connection's cache, where
    changed objects stay, without loading anything."""
    found = {id(obj): obj for obj in connection._registered_objects}
    savepoint = connection._savepoint_storage
    if savepoint is not None:
        for oid in savepoint.index:
            if oid in savepoint.creating:
                continue
            obj = connection._cache.get(oid)
            if obj is not None:
                found[id(obj)] = obj
    return list(found.values())


def new_oids(connection):
    """The oids of objects this transaction creates: ``Connection._added``
    and ``Connection._creating`` since the last savepoint, the savepoint
    storage's ``creating`` before it."""
    found = set(connection._added) | set(connection._creating)
    savepoint = connection._savepoint_storage
    if savepoint is not None:
        found |= set(savepoint.creating)
    return found


def committed_state(connection, obj):
    """``obj``'s state as the transaction found it (None if it has none):
    ``Connection.oldstate`` at the object's serial. After a savepoint the
    connection reads through the savepoint's storage, which cannot load old
    serials: the connection's own storage (``Connection._normal_storage``)
    loads it then."""
    if connection._savepoint_storage is None:
        return connection.oldstate(obj, obj._p_serial)
    data = connection._normal_storage.loadSerial(obj._p_oid, obj._p_serial)
    return connection._reader.getState(data)
