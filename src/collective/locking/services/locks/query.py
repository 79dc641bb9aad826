"""What @locks services share: who may see what, the filters of a query
string, and the index entries they select."""

from AccessControl import getSecurityManager
from collective.locking import clock
from collective.locking.errors import InvalidLockRequest
from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import MANAGE_LOCKS_PERMISSION
from collective.locking.interfaces import RESOURCE
from collective.locking.request import BadJSON
from collective.locking.request import parse_json
from collective.locking.services.info import entry_info
from collective.locking.services.refusals import refuse
from collective.locking.services.refusals import refuse_for
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal
from collective.locking.sitewide import site_locks
from datetime import datetime
from datetime import timezone
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import re


FILTERS = ("creator", "kind", "fragment", "stealable", "expires_before")
SORTS = {"created": "created", "expires": "expires"}
MAX_BATCH = 1000
MAX_BODY_BYTES = 64 * 1024


def parse_date(value):
    """An ISO 8601 date or time, as seconds since the epoch (UTC if no zone)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise InvalidLockRequest(f"Not an ISO 8601 date: {value!r}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def parse_filters(form):
    """The filters of a query string, checked."""
    filters = {}
    for name in FILTERS:
        value = form.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            raise InvalidLockRequest(f"{name} must be given once, as text.")
        filters[name] = value
    if filters.get("kind") not in (None, RESOURCE, FRAGMENT):
        raise InvalidLockRequest("kind must be 'resource' or 'fragment'.")
    if "stealable" in filters:
        if filters["stealable"] not in ("true", "false"):
            raise InvalidLockRequest("stealable must be 'true' or 'false'.")
        filters["stealable"] = filters["stealable"] == "true"
    if "expires_before" in filters:
        filters["expires_before"] = parse_date(filters["expires_before"])
    return filters


def parse_sort(form):
    sort_on = form.get("sort_on")
    if sort_on is not None and sort_on not in SORTS:
        raise InvalidLockRequest("sort_on must be 'created' or 'expires'.")
    order = form.get("sort_order", "ascending")
    if order not in ("ascending", "descending", "reverse"):
        raise InvalidLockRequest("sort_order must be 'ascending' or 'descending'.")
    return sort_on, order != "ascending"


def parse_batch(form):
    """b_start and b_size, checked (plone.restapi's batch takes them too)."""
    for name, low, high in (("b_start", 0, None), ("b_size", 1, MAX_BATCH)):
        value = form.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or not re.fullmatch(r"\d{1,9}", value):
            raise InvalidLockRequest(f"{name} must be a whole number.")
        if int(value) < low or (high is not None and int(value) > high):
            raise InvalidLockRequest(f"{name} must be between {low} and {high or 'more'}.")


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
            return refuse(self.request, 401, "Unauthorized", "Log in to see locks.")
        self.index = site_locks()
        if self.index is None:
            return refuse(self.request, 404, "NotFound", "No lock index in this site.")
        if self.request.get("REQUEST_METHOD") != "GET":
            alsoProvides(self.request, IDisableCSRFProtection)
        try:
            return self.respond(self.read_body())
        except InvalidLockRequest as error:
            return refuse_for(self.request, error)

    def read_body(self):
        raw = self.request.get("BODY") or b""
        if len(raw) > MAX_BODY_BYTES:
            raise InvalidLockRequest(f"The body is larger than {MAX_BODY_BYTES} bytes.")
        if not raw.strip():
            return {}
        try:
            body = parse_json(raw)
        except BadJSON as error:
            raise InvalidLockRequest(str(error)) from None
        if not isinstance(body, dict):
            raise InvalidLockRequest("The body must be a JSON object.")
        return body

    @property
    def manager(self):
        """Whether the current user may see and release everyone's locks."""
        return bool(getSecurityManager().checkPermission(MANAGE_LOCKS_PERMISSION, self.context))

    def selected(self, filters):
        """The index entries of live locks matching ``filters`` that the
        current user may see: everyone's for a manager, else their own."""
        filters = dict(filters)
        if not self.manager:
            userid = getSecurityManager().getUser().getId()
            if filters.setdefault("creator", userid) != userid:
                return []
        return list(self.index.entries(path_of(self.context), now=clock.now(), **filters))

    # Presenting entries

    def item_url(self, path):
        site = portal()
        site_path = path_of(site)
        return "/".join([site.absolute_url(), *path[len(site_path) :]])

    def lock_uri(self, entry):
        url = self.item_url(entry["path"]) + "/@lock"
        return f"{url}/{entry['fragment']}" if entry["fragment"] else url

    def present(self, entries):
        """Entries as the API shows them: the public lock URI, the public
        info, and the item (one catalog query for all)."""
        site = portal()
        uids = [entry["uid"] for entry in entries if entry["uid"]]
        brains = site.portal_catalog.unrestrictedSearchResults(UID=uids) if uids else []
        items = {brain.UID: brain for brain in brains}
        shown = []
        for entry in entries:
            brain = items.get(entry["uid"])
            if brain is not None:
                title, portal_type = brain.Title, brain.portal_type
            elif entry["path"] == path_of(site):
                title, portal_type = site.Title(), site.portal_type
            else:
                title, portal_type = "", ""
            shown.append(
                {
                    "@id": self.lock_uri(entry),
                    **entry_info(entry),
                    "item": {
                        "@id": self.item_url(entry["path"]),
                        "UID": entry["uid"],
                        "title": title,
                        "@type": portal_type,
                    },
                }
            )
        return shown
