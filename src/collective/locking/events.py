"""Events fired by the lock model; see the interfaces for their meaning."""

from collective.locking import interfaces
from zope.interface import implementer
from zope.interface.interfaces import ObjectEvent


class LockEvent(ObjectEvent):
    def __init__(self, object, lock):
        super().__init__(object)
        self.lock = lock


@implementer(interfaces.ILockCreatedEvent)
class LockCreatedEvent(LockEvent):
    pass


@implementer(interfaces.ILockRefreshedEvent)
class LockRefreshedEvent(LockEvent):
    pass


@implementer(interfaces.ILockReleasedEvent)
class LockReleasedEvent(LockEvent):
    pass


@implementer(interfaces.ILockForceReleasedEvent)
class LockForceReleasedEvent(LockEvent):
    def __init__(self, object, lock, actor):
        super().__init__(object, lock)
        self.actor = actor


@implementer(interfaces.ILockExpiredEvent)
class LockExpiredEvent(LockEvent):
    pass
