from collective.locking.errors import LockNotHeld
from collective.locking.services.base import LockService
from collective.locking.services.info import lock_info


class LockDelete(LockService):
    """Release locks: those opened by the Lock-Token header, else the current
    user's own; with ``{"force": true}``, other users' locks too."""

    body_keys = {"force": bool}

    def respond(self, body):
        tokens = self.tokens
        if tokens:
            for token in tokens:
                self.locks.release(token)
        elif self.locks.own():
            self.locks.release_own()
        elif body.get("force"):
            self.force()
        elif self.strict:
            raise LockNotHeld("You hold no lock on this item.")
        return lock_info(self.context)

    def force(self):
        """All or nothing. A plain (Volto) request that may not break every
        lock gets a 200 showing the lock still there; a strict one a 403."""
        locks = self.locks.active()
        refused = [lock for lock in locks if not self.locks.may_break(lock)]
        if refused and not self.strict:
            return
        for lock in refused + [lock for lock in locks if lock not in refused]:
            self.locks.force_release(lock)
