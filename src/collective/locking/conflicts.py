"""A write that still conflicts after Zope's retries is a busy site, not a
crash: 503 with ``Retry-After``, a JSON error for API clients, and nothing
of the request committed (Zope aborts its transaction)."""

from collective.locking import _
from collective.locking.errors import translated
from html import escape
from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView

import json


#: Seconds a client should wait before sending the request again.
RETRY_AFTER = 2

MESSAGE = _(
    "Others changed the same content at the same moment, and your request "
    "could not be saved after several tries. Nothing of it was saved: "
    "send it again in a moment."
)


class ConflictErrorView(BrowserView):
    """The exception view of ``ZODB.POSException.ConflictError``, which Zope
    uses once the request's retries (``max-conflict-retries``) are spent."""

    def __call__(self):
        response = self.request.response
        response.setStatus(503, lock=True)
        response.setHeader("Retry-After", str(RETRY_AFTER))
        response._has_challenged = True  # no login redirect (as plone.rest)
        message = translated(MESSAGE, self.request)
        if self.wants_json():
            response.setHeader("Content-Type", "application/json")
            body = {"error": {"type": "ConflictError", "message": message}}
            return json.dumps(body)
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        title = translated(_("Try again"), self.request)
        return f"<html><body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"

    def wants_json(self):
        accept = self.request.getHeader("Accept") or ""
        return IAPIRequest.providedBy(self.request) or "json" in accept
