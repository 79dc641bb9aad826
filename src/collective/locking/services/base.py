"""What every @lock service shares: reading the request, answering refusals."""

from collective.locking import _
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockError
from collective.locking.errors import message_of
from collective.locking.errors import Translatable
from collective.locking.locks import item_locks
from collective.locking.request import BadJSON
from collective.locking.request import disable_csrf_protection
from collective.locking.request import NOT_AN_OBJECT
from collective.locking.request import parse_json
from collective.locking.request import request_tokens
from collective.locking.request import strict
from collective.locking.request import too_large
from collective.locking.services.refusals import refuse
from collective.locking.services.refusals import refuse_for
from collective.locking.settings import settings
from plone.restapi.services import Service
from types import MappingProxyType
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import re


#: Lock requests are small; anything larger is refused unread.
MAX_BODY_BYTES = 16 * 1024

TYPE_NAMES = MappingProxyType({bool: _("true or false"), list: _("a list of field names")})

_TIMEOUT_HEADER = re.compile(r"^\s*(?:Second-(?P<seconds>\d{1,12})|(?P<infinite>Infinite))\s*$")


class NotFound(Translatable, Exception):
    """The public lock URI names no locked fragment."""


@implementer(IPublishTraverse)
class LockService(Service):
    """Base of the @lock services: subclasses implement ``respond``.

    ``respond`` acts on ``self.locks`` (the item's ``IItemLocks``) and may
    raise the model's errors; they become JSON errors here, and nothing the
    refused request did is committed.
    """

    #: Keys the JSON body may have, with their types.
    body_keys = {}

    #: Whether the service answers public lock URIs, ``@lock/{fragment}``.
    fragment_uris = False

    def __init__(self, context, request):
        super().__init__(context, request)
        self.path = []

    def publishTraverse(self, request, name):
        self.path.append(name)
        return self

    def fragment_lock(self):
        """The fragment named by a public lock URI (``@lock/title``,
        ``@lock/blocks/{id}``), and the lock on it."""
        name = "/".join(self.path)
        lock = self.locks.fragment_locks().get(name)
        if lock is None:
            raise NotFound(_("No lock on a fragment named ${name}.", mapping={"name": repr(name)}))
        return name, lock

    def reply(self):
        # The lock API is called by scripts and SPAs with JSON bodies, as
        # plone.restapi's own @lock is.
        if self.request.get("REQUEST_METHOD") != "GET":
            disable_csrf_protection(self.request)
        self.locks = item_locks(self.context)
        if (self.path and not self.fragment_uris) or len(self.path) > 2:
            return refuse(self.request, 404, "NotFound", _("No such lock URI."))
        try:
            return self.respond(self.read_body())
        except NotFound as error:
            return refuse(self.request, 404, "NotFound", message_of(error))
        except LockError as error:
            return refuse_for(self.request, error)

    def respond(self, body):
        raise NotImplementedError

    @property
    def strict(self):
        """Whether the client asked for errors instead of Volto-friendly 200s
        (``Prefer: handling=strict``, RFC 7240)."""
        return strict(self.request)

    @property
    def tokens(self):
        return request_tokens(self.request)

    def read_body(self):
        """The JSON body as a dict of known keys of the right types."""
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
        unknown = sorted(set(body) - set(self.body_keys))
        if unknown:
            allowed = ", ".join(sorted(self.body_keys)) or _("none")
            raise InvalidLockRequest(
                _(
                    "Unknown key(s): ${keys} (allowed: ${allowed}).",
                    mapping={"keys": ", ".join(unknown), "allowed": allowed},
                )
            )
        for key, kind in self.body_keys.items():
            # Timeouts are checked by the model, which knows the allowed range.
            if key in body and kind in TYPE_NAMES and not isinstance(body[key], kind):
                raise InvalidLockRequest(
                    _("${key} must be ${kind}.", mapping={"key": key, "kind": TYPE_NAMES[kind]})
                )
        return body

    def timeout(self, body):
        """The timeout asked for, from the body or a WebDAV Timeout header."""
        if "timeout" in body:
            if body["timeout"] is None:  # None means "the default" to the model
                raise InvalidLockRequest(_("The timeout must be a whole number of seconds."))
            return body["timeout"]
        header = self.request.getHeader("Timeout")
        if not header:
            return None
        match = _TIMEOUT_HEADER.match(header)
        if match is None:
            raise InvalidLockRequest(_("The Timeout header must be 'Second-N' or 'Infinite'."))
        if match.group("infinite"):
            return settings()["max_timeout"]
        return int(match.group("seconds"))
