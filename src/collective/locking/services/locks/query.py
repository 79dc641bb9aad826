"""What the @locks services share: the base service and how entries are shown.
Who sees and releases what is ``collective.locking.management``'s."""

from AccessControl import getSecurityManager
from collective.locking import _
from collective.locking import management
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import message_of
from collective.locking.request import BadJSON
from collective.locking.request import disable_csrf_protection
from collective.locking.request import NOT_AN_OBJECT
from collective.locking.request import parse_json
from collective.locking.request import too_large
from collective.locking.services.info import entry_info
from collective.locking.services.refusals import refuse
from collective.locking.services.refusals import refuse_for
from collective.locking.sitewide import site_locks
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import re


MAX_BATCH = 1000
MAX_BODY_BYTES = 64 * 1024


def parse_batch(form):
    """b_start and b_size, checked (plone.restapi's batch reads them too)."""
    for name, low, high in (("b_start", 0, None), ("b_size", 1, MAX_BATCH)):
        value = form.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or not re.fullmatch(r"\d{1,9}", value):
            raise InvalidLockRequest(_("${name} must be a whole number.", mapping={"name": name}))
        if int(value) < low or (high is not None and int(value) > high):
            raise InvalidLockRequest(
                _(
                    "${name} must be between ${low} and ${high}.",
                    mapping={"name": name, "low": low, "high": high or _("more")},
                )
            )


@implementer(IPublishTraverse)
class LocksService(Service):
    """Base of the @locks services: subclasses implement ``respond``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.path = []

    def publishTraverse(self, request, name):
        self.path.append(name)
        return self

    def reply(self):
        if getSecurityManager().getUser().getId() is None:
            return refuse(self.request, 401, "Unauthorized", _("Log in to see locks."))
        self.index = site_locks()
        if self.index is None:
            return refuse(self.request, 404, "NotFound", _("No lock index in this site."))
        if self.request.get("REQUEST_METHOD") != "GET":
            disable_csrf_protection(self.request)
        try:
            return self.respond(self.read_body())
        except InvalidLockRequest as error:
            return refuse_for(self.request, error)

    def read_body(self):
        raw = self.request.get("BODY") or b""
        if len(raw) > MAX_BODY_BYTES:
            raise InvalidLockRequest(too_large(MAX_BODY_BYTES))
        if not raw.strip():
            return {}
        try:
            body = parse_json(raw)
        except BadJSON as error:
            raise InvalidLockRequest(message_of(error)) from None
        if not isinstance(body, dict):
            raise InvalidLockRequest(NOT_AN_OBJECT)
        return body

    @property
    def manager(self):
        return management.may_manage(self.context)

    def batched(self, entries, present):
        batch = HypermediaBatch(self.request, entries)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": present(list(batch)),
        }
        if batch.links:
            result["batching"] = batch.links
        return result

    def present(self, entries):
        """Entries as the API shows them: the public lock URI, the public
        info, and the item."""
        items = management.items_of(entries)
        return [
            {
                "@id": management.lock_uri(entry),
                **entry_info(entry),
                "item": {
                    "@id": management.item_url(entry["path"]),
                    "UID": entry["uid"],
                    "title": items.get(entry["uid"], ("", ""))[0],
                    "@type": items.get(entry["uid"], ("", ""))[1],
                },
            }
            for entry in entries
        ]
