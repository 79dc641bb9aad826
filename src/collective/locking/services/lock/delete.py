from collective.locking import _
from collective.locking.errors import LockError
from collective.locking.errors import LockNotHeld
from collective.locking.messages import NOT_HELD
from collective.locking.services.base import LockService
from collective.locking.services.info import collection_info
from collective.locking.services.info import lock_info


class LockDelete(LockService):
    """Release locks: those opened by the Lock-Token header, else the current
    user's own; with ``{"force": true}``, other users' locks too.

    On a public lock URI, ``@lock/{fragment}``, only that fragment is
    released from its lock."""

    body_keys = {"force": bool}
    fragment_uris = True

    def respond(self, body):
        if self.path:
            return self.release_fragment(body)
        tokens = self.tokens
        if tokens:
            for token in tokens:
                self.locks.release(token)
        elif self.locks.own():
            self.release_own()
        elif body.get("force"):
            self.force()
        elif self.strict:
            raise LockNotHeld(NOT_HELD)
        return lock_info(self.context, locks=self.locks)

    def release_own(self):
        """A plain (Volto) request keeps its 200 when the user's only lock is
        one its owner cannot release (a check-out); a strict one gets why."""
        try:
            self.locks.release_own()
        except LockError:
            if self.strict:
                raise

    def force(self):
        """All or nothing. A plain (Volto) request that may not break every
        lock gets a 200 showing the lock still there; a strict one a 403."""
        locks = self.locks.active()
        refused = [lock for lock in locks if not self.locks.may_break(lock)]
        if refused and not self.strict:
            return
        for lock in refused + [lock for lock in locks if lock not in refused]:
            self.locks.force_release(lock)

    def release_fragment(self, body):
        """New API, so always strict: the owner (token or not), or a forced
        release under the same rules as resource locks."""
        self.locks.check_tokens(self.tokens)  # a dead token gets its 409
        name, lock = self.fragment_lock()
        if lock.token in self.tokens or self.locks.owns(lock):
            self.locks.release(lock.token, [name])
        elif body.get("force"):
            self.locks.force_release(lock, [name])
        else:
            raise LockNotHeld(
                _(
                    "${name} is locked by ${creator}: send the lock's token, "
                    'or {"force": true} to break it.',
                    mapping={"name": name, "creator": lock.creator},
                )
            )
        return collection_info(self.context, self.locks)
