"""Keep locked items where they are: delete, rename and move ask the model."""

from collective.locking.interfaces import IItemLocks
from collective.locking.locks import installed
from collective.locking.request import request_tokens
from OFS.interfaces import IObjectWillBeMovedEvent
from Products.CMFCore.interfaces import IContentish
from zExceptions import Forbidden
from zope.component import adapter
from zope.globalrequest import getRequest


@adapter(IContentish, IObjectWillBeMovedEvent)
def refuse_move_of_locked_item(obj, event):
    """Refuse to delete, rename or move an item that carries someone else's
    lock, unless the request can open it (its token is in ``Lock-Token``).

    Only the item that is moved itself is checked (not its contents), and
    only when it leaves a container: adding an item fires this too.
    """
    if event.oldParent is None or event.object is not obj:
        return
    if not installed():
        return
    tokens = request_tokens(getRequest())
    blocking = IItemLocks(obj).blocking(None, tokens, include_own=False)
    if blocking:
        # Plain Forbidden: Zope finds some statuses by the exception's class
        # name, and a subclass of its own would be answered with a 500.
        raise Forbidden(
            f"{obj.getId()} is locked by {blocking[0].creator} and cannot be "
            "deleted, renamed or moved."
        )
