"""REST clients get refusals from under the entry points in the same shape
as the services' own: ``{"error": {"type", "message", "fields", "locks"}}``."""

from collective.locking.errors import BadRequest
from collective.locking.errors import Forbidden
from collective.locking.errors import message_of
from collective.locking.errors import MethodNotAllowed
from collective.locking.errors import translated
from collective.locking.services.info import entry_info
from collective.locking.services.info import public_info
from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from zope.component import adapter


def text_of(exception, request):
    """The exception's message in the request's language."""
    return translated(message_of(exception), request)


@adapter(Forbidden, IAPIRequest)
class LockRefusal(ErrorHandling):
    def render_exception(self, exception):
        return {
            "error": {
                "type": "Forbidden",
                "message": text_of(exception, self.request),
                "fields": exception.fields,
                "locks": [
                    entry_info(lock) if isinstance(lock, dict) else public_info(lock)
                    for lock in exception.locks
                ],
            }
        }


@adapter(BadRequest, IAPIRequest)
class UnreadableRequest(ErrorHandling):
    def render_exception(self, exception):
        return {"error": {"type": "BadRequest", "message": text_of(exception, self.request)}}


@adapter(MethodNotAllowed, IAPIRequest)
class NotAllowed(ErrorHandling):
    def render_exception(self, exception):
        return {"error": {"type": "MethodNotAllowed", "message": text_of(exception, self.request)}}
