"""Old home of the lock table: tables pickled by 1.0.0a1 name this module."""

from collective.locking.storage import LockTable  # noqa: F401
