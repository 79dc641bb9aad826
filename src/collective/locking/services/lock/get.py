from collective.locking.services.base import LockService
from collective.locking.services.info import collection_info
from collective.locking.services.info import owner_info


class LockGet(LockService):
    """The lock collection ``@lock``, or one public lock URI
    ``@lock/{fragment}``; tokens to their owner only."""

    fragment_uris = True

    def respond(self, body):
        if self.path:
            name, lock = self.fragment_lock()
            return owner_info(lock, self.locks)
        return collection_info(self.context, self.locks)
