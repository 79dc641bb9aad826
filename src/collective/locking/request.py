"""What a request says about locks (headers, JSON bodies), kept in one place."""

from collective.locking import _
from collective.locking.errors import BadRequest
from collective.locking.errors import Translatable
from collective.locking.settings import installed_in
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import directlyProvides
from zope.interface.declarations import Implements

import json
import re


# A WebDAV If header names tokens in state lists: (<opaquelocktoken:...>).
_IF_TOKEN = re.compile(r"<opaquelocktoken:(?P<token>[^<>\s]+)>")

_WEBDAV_PREFIX = "opaquelocktoken:"


def header_token(part):
    """The token of one entry of a ``Lock-Token`` header, or None: WebDAV
    writes ``<opaquelocktoken:...>``, plone.restapi clients the bare token
    (read with string methods: every content write reads it)."""
    token = part.strip()
    if token.startswith("<"):
        token = token[1:]
    if token.startswith(_WEBDAV_PREFIX):
        token = token[len(_WEBDAV_PREFIX) :]
    if token.endswith(">"):
        token = token[:-1]
    if not token or "<" in token or ">" in token:
        return None
    return token


def request_tokens(request):
    """The lock tokens a request carries: its ``Lock-Token`` header (several
    separated by commas), and the state tokens of a WebDAV ``If`` header."""
    if request is None:
        return []
    header = request.getHeader("Lock-Token", "") or ""
    condition = request.getHeader("If", "") or ""
    if not header and not condition:
        return []  # most requests
    tokens = [token for token in map(header_token, header.split(",")) if token]
    if condition:
        tokens.extend(match.group("token") for match in _IF_TOKEN.finditer(condition))
    return tokens


def raw_token_headers(request):
    """The header values that may carry tokens, as the client sent them."""
    return [value for value in (request.getHeader(name) for name in ("Lock-Token", "If")) if value]


def disable_csrf_protection(request):
    """``alsoProvides(request, IDisableCSRFProtection)``, as plone.restapi's
    lock services do, in a few microseconds instead of some hundreds:
    ``alsoProvides`` builds a throwaway declaration of every layer the request
    already provides (``directlyProvidedBy``) and orders its interfaces anew,
    whereas ``directlyProvides`` given the interfaces themselves hands out the
    declaration zope.interface made for the same class and interfaces before."""
    if IDisableCSRFProtection.providedBy(request):
        return
    provides = getattr(request, "__provides__", None)
    # What directlyProvidedBy() reads: the declared interfaces, then the
    # class's own declaration.
    declared = ()
    if provides is not None and not isinstance(provides, Implements):
        declared = provides.__bases__[:-1]
    directlyProvides(request, *declared, IDisableCSRFProtection)


def preferences(request):
    """The ``Prefer`` header (RFC 7240) as a dict, names lowercased; spaces
    around ``=`` and parameters after ``;`` are allowed."""
    header = request.getHeader("Prefer", "") or ""
    found = {}
    for preference in header.split(","):
        name, _, value = preference.split(";")[0].partition("=")
        name = name.strip().lower()
        if name:
            found[name] = value.strip().strip('"').lower()
    return found


def strict(request):
    """Whether the client asked for errors instead of Volto-friendly 200s
    (``Prefer: handling=strict``)."""
    return preferences(request).get("handling") == "strict"


#: Deeper JSON than this is refused: Python's parser recurses, and a deep
#: enough body would exhaust the stack of the thread that parses it.
MAX_JSON_DEPTH = 256

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")

TOO_DEEP = _(
    "The body is nested more than ${depth} levels deep.", mapping={"depth": MAX_JSON_DEPTH}
)


#: A body that is not a JSON object.
NOT_AN_OBJECT = _("The body must be a JSON object.")


def too_large(limit):
    return _("The body is larger than ${limit} bytes.", mapping={"limit": limit})


def not_a_number(constant):
    return _("${constant} is not a JSON number.", mapping={"constant": str(constant)})


class BadJSON(Translatable, ValueError):
    """A body that is not the JSON it should be."""


def too_deep(text, limit=MAX_JSON_DEPTH):
    """Whether the JSON ``text`` nests arrays and objects deeper than
    ``limit``, found without parsing it (strings do not count)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


class _NotJSONConstant(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: Python's parser takes them,
    RFC 8259 does not, and a page that stored one could not be read back."""


def _refuse_constant(name):
    raise _NotJSONConstant(name)


#: RFC 8259's JSON (a decoder keeps no state between documents; made once,
#: as ``json.loads`` does for its default decoder).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def parse_json(raw):
    """``json.loads`` of JSON as RFC 8259 defines it: ``NaN`` and the
    infinities, and nesting too deep for the parser, are refused like any
    other bad JSON instead of being stored or crashing the request."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadJSON(_("The body is not UTF-8.")) from None
    if too_deep(raw):
        raise BadJSON(TOO_DEEP)
    try:
        return _DECODER.decode(raw)
    except RecursionError:
        raise BadJSON(TOO_DEEP) from None
    except _NotJSONConstant as constant:
        raise BadJSON(not_a_number(constant)) from None
    except ValueError:
        raise BadJSON(_("The body is not valid JSON.")) from None


#: ``NaN``, ``Infinity`` and ``-Infinity`` outside strings.
_CONSTANT = re.compile(r"(?<![\w.])-?(?:NaN|Infinity)(?![\w.])")


def json_constant(text):
    """The first ``NaN`` or infinity of the JSON ``text`` (outside its
    strings), or None."""
    if "NaN" not in text and "Infinity" not in text:
        return None
    match = _CONSTANT.search(_STRING.sub('""', text))
    return match.group(0) if match else None


def refuse_unreadable_json(site, event):
    """IBeforeTraverseEvent of the site: a JSON body too deep to parse, or
    with ``NaN`` or an infinity in it, is a 400 before anything parses it
    (plone.restapi's login plugin parses every JSON body while
    authenticating, and would crash with a 500; its deserializers would
    store a value no JSON client can read back)."""
    request = event.request
    if request.environ.get("CONTENT_LENGTH") in (None, "", "0"):
        return  # no body (most requests): nothing to check, cheaply
    if "json" not in (request.getHeader("Content-Type") or ""):
        return
    raw = request.get("BODY") or b""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    # Found first, cheaply; the site is asked only about a body to refuse.
    if too_deep(raw) and installed_in(site):
        raise BadRequest(TOO_DEEP)
    constant = json_constant(raw)
    if constant is not None and installed_in(site):
        raise BadRequest(not_a_number(constant))
