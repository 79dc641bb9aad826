"""Content DELETE that asks the lock model first."""

from collective.locking.errors import LockError
from collective.locking.locks import item_locks
from collective.locking.request import request_tokens
from collective.locking.services.content.locked import lock_refusal
from plone.restapi.services.content import delete


class ContentDelete(delete.ContentDelete):
    """plone.restapi's content DELETE, refused while someone else holds a
    lock on the item; the locks the request may release go with the item
    (Zope refuses to delete an item that still has a Zope lock)."""

    def reply(self):
        refusal = lock_refusal(self.context, self.request, None, owner_passes=True)
        if refusal is not None:
            return refusal
        locks = item_locks(self.context)
        tokens = set(request_tokens(self.request))
        for lock in locks.active():
            if lock.token in tokens or locks.owns(lock):
                try:
                    locks.release(lock.token)
                except LockError:
                    pass  # a check-out lock: the removal check refuses it
        return super().reply()
