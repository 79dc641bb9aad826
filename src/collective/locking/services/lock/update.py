from collective.locking.services.base import LockService
from collective.locking.services.info import lock_info


class LockPatch(LockService):
    """Refresh locks: those opened by the Lock-Token header, or else the
    current user's resource lock."""

    body_keys = {"timeout": int}

    def respond(self, body):
        timeout = self.timeout(body)
        tokens = self.tokens
        if not tokens:
            lock = self.locks.refresh(timeout=timeout)
            return lock_info(self.context, lock, self.locks)
        refreshed = [self.locks.refresh(token, timeout=timeout) for token in tokens]
        resource = [lock for lock in refreshed if not lock.fragments]
        return lock_info(self.context, resource[0] if resource else None, self.locks)
