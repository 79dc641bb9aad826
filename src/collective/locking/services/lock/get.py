from collective.locking.services.base import LockService
from collective.locking.services.info import lock_info


class LockGet(LockService):
    """Describe the item's lock (its token to its owner only)."""

    def respond(self, body):
        return lock_info(self.context)
