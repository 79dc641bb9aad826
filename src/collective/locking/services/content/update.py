"""Content PATCH: plone.restapi's, with the lock check done field by field."""

from collective.locking import logger
from collective.locking.lockable import stock_lock_check_answered
from collective.locking.request import BadJSON
from collective.locking.request import parse_json
from collective.locking.services.content.locked import lock_refusal
from collective.locking.services.refusals import refuse
from plone.restapi.services.content import update


class ContentPatch(update.ContentPatch):
    """The fields in the body must not be locked by a lock whose token the
    request does not carry (``Lock-Token``, comma separated). plone.restapi's
    own check sees one lock for the whole item; once the model has checked
    the fields, plone.restapi's PATCH does the rest."""

    def reply(self):
        try:
            body = parse_json(self.request.get("BODY") or b"{}")
        except BadJSON as error:
            return refuse(self.request, 400, "DeserializationError", str(error))
        if not isinstance(body, dict):
            return refuse(
                self.request, 400, "DeserializationError", "The body must be a JSON object."
            )
        refusal = lock_refusal(self.context, self.request, list(body))
        if refusal is not None:
            return refusal
        try:
            with stock_lock_check_answered(self.request, self.context):
                return super().reply()
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
            # A value of the wrong kind for its field ({"text": []}) makes
            # some of plone.restapi's field deserializers crash.
            logger.info("content PATCH of %s refused: %r", self.context.absolute_url(), error)
            message = f"A value does not fit its field: {error}"
            return refuse(self.request, 400, "DeserializationError", message)
