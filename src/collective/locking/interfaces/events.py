"""What the lock model tells the rest of the site (the index, the history,
the log and any integrator's subscriber listen)."""

from zope.interface import Attribute
from zope.interface.interfaces import IObjectEvent


class ILockEvent(IObjectEvent):
    """Something happened to a lock on ``object``.

    ``lock`` is the ``ILock`` concerned. Its token is a secret: subscribers
    must not log or display it; ``lock.public_info()`` is what may be shown.
    """

    lock = Attribute("The lock")

    from_zope = Attribute(
        "True where Zope's own locks made the change (WebDAV, the ZMI): the "
        "model took it in, and the Zope lock is as it should be already"
    )


class ILockCreatedEvent(ILockEvent):
    """A lock was acquired, or fragments were added to it (``lock`` is the
    lock as it is now)."""


class ILockRefreshedEvent(ILockEvent):
    """A lock's expiry was pushed back, or its settings changed."""


class ILockEndedEvent(ILockEvent):
    """A lock, or some of its fragments, ended.

    ``fragments`` are the fragments released (all of the lock's when the
    whole lock ended); ``remaining`` is the lock that lives on with the
    other fragments, or None.
    """

    fragments = Attribute("The fragments released")
    remaining = Attribute("The lock as it lives on, or None")


class ILockReleasedEvent(ILockEndedEvent):
    """A lock was released by its owner (or by the code that took it)."""


class ILockForceReleasedEvent(ILockEndedEvent):
    """A lock was released by someone other than its owner.

    ``actor`` is the user id of whoever released it."""

    actor = Attribute("User id of the user who broke the lock")


class ILockExpiredEvent(ILockEndedEvent):
    """A lock outlived its timeout and was cleaned up."""
