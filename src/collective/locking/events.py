"""Events fired by the lock model; see the interfaces for their meaning."""

from collective.locking import interfaces
from zope.interface import implementer
from zope.interface.interfaces import ObjectEvent


class LockEvent(ObjectEvent):
    def __init__(self, object, lock, from_zope=False):
        super().__init__(object)
        self.lock = lock
        self.from_zope = from_zope


@implementer(interfaces.ILockCreatedEvent)
class LockCreatedEvent(LockEvent):
    pass


@implementer(interfaces.ILockRefreshedEvent)
class LockRefreshedEvent(LockEvent):
    pass


class LockEndedEvent(LockEvent):
    def __init__(self, object, lock, fragments=None, remaining=None):
        super().__init__(object, lock)
        self.fragments = tuple(fragments or lock.fragments)
        self.remaining = remaining


@implementer(interfaces.ILockReleasedEvent)
class LockReleasedEvent(LockEndedEvent):
    pass


@implementer(interfaces.ILockForceReleasedEvent)
class LockForceReleasedEvent(LockEndedEvent):
    def __init__(self, object, lock, actor, fragments=None, remaining=None):
        super().__init__(object, lock, fragments, remaining)
        self.actor = actor


@implementer(interfaces.ILockExpiredEvent)
class LockExpiredEvent(LockEndedEvent):
    pass
