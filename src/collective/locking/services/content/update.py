from collective.locking.services.content.locked import lock_refusal
from collective.locking.services.refusals import refuse
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.services import Service
from zope.component import queryMultiAdapter


class ContentPatch(Service):
    """plone.restapi's content PATCH, with this package's lock check in place
    of its own: the fields in the body must not be locked by a lock whose
    token the request does not carry (``Lock-Token``, comma separated)."""

    def reply(self):
        try:
            fields = list(json_body(self.request))
        except DeserializationError as error:
            return refuse(self.request, 400, "DeserializationError", str(error))
        refusal = lock_refusal(self.context, self.request, fields)
        if refusal is not None:
            return refusal

        deserializer = queryMultiAdapter((self.context, self.request), IDeserializeFromJson)
        if deserializer is None:
            return refuse(
                self.request,
                501,
                "NotImplemented",
                f"Cannot deserialize type {self.context.portal_type}",
            )
        try:
            deserializer()
        except DeserializationError as error:
            return refuse(self.request, 400, "DeserializationError", str(error))

        if self.request.getHeader("Prefer") == "return=representation":
            self.request.response.setStatus(200)
            serializer = queryMultiAdapter((self.context, self.request), ISerializeToJson)
            return serializer()
        return self.reply_no_content()
