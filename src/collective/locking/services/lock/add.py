"""{item}/@lock: the item's lock collection."""

from collective.locking import _
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockConflict
from collective.locking.services.base import LockService
from collective.locking.services.info import collection_info
from collective.locking.services.info import lock_info
from collective.locking.services.info import owner_info


class LockPost(LockService):
    """Acquire a resource lock, or lock fragments (``{"fragments": [...]}``)."""

    body_keys = {"stealable": bool, "timeout": int, "fragments": list}

    def respond(self, body):
        settings = {"stealable": body.get("stealable"), "timeout": self.timeout(body)}
        fragments = body.get("fragments")
        if fragments is not None:
            return self.lock_fragments(fragments, settings)
        try:
            lock = self.locks.acquire(**settings)
        except LockConflict:
            if self.strict:
                raise
            # Volto drops its page state on any non-2xx answer: tell a plain
            # client how the item is locked, with a 200, as GET @lock would.
            return collection_info(self.context, self.locks)
        return lock_info(self.context, lock, self.locks)

    def lock_fragments(self, fragments, settings):
        """Fragment requests are always strict: all of them, or a 409."""
        if not fragments:
            raise InvalidLockRequest(_("fragments must name at least one field."))
        tokens = self.tokens
        if len(tokens) > 1:
            raise InvalidLockRequest(_("Send one Lock-Token to add fragments to that lock."))
        lock = self.locks.acquire(
            fragments=fragments, token=tokens[0] if tokens else None, **settings
        )
        return {"locked": True, **owner_info(lock, self.locks)}
