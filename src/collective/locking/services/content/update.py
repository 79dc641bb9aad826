"""Content PATCH: plone.restapi's, with the lock check done on what the
request writes (fields, and Volto's blocks one by one), merge patches, and
unlocking on save."""

from collective.locking import _
from collective.locking import logger
from collective.locking import scope
from collective.locking.errors import message_of
from collective.locking.locks import item_locks
from collective.locking.request import BadJSON
from collective.locking.request import NOT_AN_OBJECT
from collective.locking.request import parse_json
from collective.locking.request import request_tokens
from collective.locking.services.content import writes
from collective.locking.services.content.locked import lock_refusal
from collective.locking.services.refusals import refuse
from plone.restapi.services.content import update
from Products.CMFCore.indexing import processQueue

import json
import transaction


UNLOCK_HEADER = "X-Plone-Unlock"


def unlock_asked(request):
    """``X-Plone-Unlock: true`` (plone.restapi#2003): save and unlock."""
    return (request.getHeader(UNLOCK_HEADER) or "").strip().lower() in ("true", "1", "yes")


class ContentPatch(update.ContentPatch):
    """What the body writes must not be locked by a lock whose token the
    request does not carry (``Lock-Token``, comma separated). Once the model
    has checked the request, the request says what it writes
    (``scope.declare_writes``) and plone.restapi's PATCH does the rest:
    every ``ILockable`` question it, plone.shortname and the serializer ask
    is answered for those writes.

    With ``X-Plone-Unlock: true`` the locks the request's tokens open are
    released in the same transaction as the save; a refused save (any 4xx)
    is not committed, so it releases nothing.
    """

    def reply(self):
        # Read once: every attribute of a plone.rest service is looked up
        # through its own __getattribute__.
        context, request = self.context, self.request
        try:
            body = parse_json(request.get("BODY") or b"{}")
        except BadJSON as error:
            return refuse(request, 400, "DeserializationError", message_of(error))
        if not isinstance(body, dict):
            return refuse(request, 400, "DeserializationError", NOT_AN_OBJECT)
        merge = writes.is_merge_patch(request)
        if merge:
            written = writes.written_by_merge(body)
        else:
            written = writes.written_by_plain(context, request, body)
        refusal = lock_refusal(context, request, written)
        if refusal is not None:
            return refusal
        scope.declare_writes(request, context, written)
        if merge:
            body = writes.plain_body(context, request, body)
            request.other["BODY"] = json.dumps(body).encode("utf-8")
        try:
            result = self.save(context, request, renames=writes.renames(context, body))
            processQueue()  # indexing now, not at commit: its errors are 400s too
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
            # A value of the wrong kind for its field ({"text": []}) makes
            # some of plone.restapi's field deserializers, or the catalog's
            # indexers after them, crash.
            transaction.doom()
            logger.info("content PATCH of %s refused: %r", context.absolute_url(), error)
            message = _("A value does not fit its field: ${error}", mapping={"error": str(error)})
            return refuse(request, 400, "DeserializationError", message)
        if request.response.getStatus() >= 400:
            transaction.doom()  # plone.restapi may have written some fields
        return result

    def save(self, context, request, renames):
        if unlock_asked(request):
            # Before the save: a rename would find the item still locked.
            locks = item_locks(context)
            tokens = set(request_tokens(request))
            for lock in locks.active():
                if lock.token in tokens and lock.user_unlockable:
                    locks.release(lock.token)
        if not renames:
            return super().reply()
        # Zope refuses to rename an item that has a Zope lock, even for its
        # owner: the lock moves with the item instead.
        with item_locks(context).zope_locks_set_aside():
            return super().reply()
