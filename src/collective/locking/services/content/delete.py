from collective.locking.interfaces import IItemLocks
from collective.locking.request import request_tokens
from collective.locking.services.content.locked import lock_refusal
from plone.restapi.services.content import delete


class ContentDelete(delete.ContentDelete):
    """plone.restapi's content DELETE, refused while someone else holds a
    lock on the item; the caller's own locks go with the item."""

    def reply(self):
        refusal = lock_refusal(self.context, self.request, None, include_own=False)
        if refusal is not None:
            return refusal
        locks = IItemLocks(self.context)
        for lock in locks.own():
            locks.release(lock.token)
        for token in request_tokens(self.request):
            locks.release(token)
        return super().reply()
