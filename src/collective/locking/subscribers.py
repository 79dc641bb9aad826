"""Keep locked items where they are: delete, rename and move ask the model."""

from collective.locking.interfaces import IItemLocks
from collective.locking.locks import installed
from collective.locking.request import request_tokens
from OFS.interfaces import IObjectWillBeMovedEvent
from Products.CMFCore.interfaces import IContentish
from zExceptions import Forbidden
from zope.component import adapter
from zope.globalrequest import getRequest


class ItemLocked(Forbidden):
    """The item, or a field of it, is locked by someone else."""


@adapter(IContentish, IObjectWillBeMovedEvent)
def refuse_move_of_locked_item(obj, event):
    """Refuse to delete, rename or move an item that carries a lock the
    request cannot open (its token is not in ``Lock-Token``).

    Only the item that is moved itself is checked (not its contents), and
    only when it leaves a container: adding an item fires this too.
    """
    if event.oldParent is None or event.object is not obj:
        return
    if not installed():
        return
    locks = IItemLocks(obj)
    own = {lock.token for lock in locks.own()}
    blocking = [
        lock for lock in locks.blocking(None, request_tokens(getRequest())) if lock.token not in own
    ]
    if blocking:
        raise ItemLocked(
            f"{obj.getId()} is locked by {blocking[0].creator} and cannot be "
            "deleted, renamed or moved."
        )
