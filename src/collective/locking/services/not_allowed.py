"""Methods the lock URIs do not answer: 405, naming the ones they do.

Zope answers a method it does not know (``FOO``), or a WebDAV one
(``PROPFIND``), on a name that is no attribute of its parent with a 500, and
the lock URIs are such names. So the method is checked before traversal.
"""

from collective.locking import _
from collective.locking.errors import MethodNotAllowed
from collective.locking.settings import installed_in
from types import MappingProxyType


#: What each lock URI answers (OPTIONS is plone.rest's, for CORS).
ALLOWED = MappingProxyType(
    {
        "@lock": ("GET", "POST", "PATCH", "DELETE", "OPTIONS"),
        "@locks": ("GET", "DELETE", "OPTIONS"),
    }
)


def refuse_other_methods(site, event):
    """IBeforeTraverseEvent of the site."""
    request = event.request
    if "@lock" not in request.environ.get("PATH_INFO", ""):
        return  # no lock URI (most requests), found cheaply
    method = request.get("REQUEST_METHOD", "GET")
    names = request.get("TraversalRequestNameStack") or []
    for name, allowed in ALLOWED.items():
        if name in names and method not in allowed and method != "HEAD":
            if not installed_in(site):
                return
            request.response.setHeader("Allow", ", ".join(allowed))
            raise MethodNotAllowed(
                _(
                    "${name} answers ${allowed}, not ${method}.",
                    mapping={"name": name, "allowed": ", ".join(allowed), "method": method},
                )
            )
