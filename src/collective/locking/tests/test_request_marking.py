"""``request.disable_csrf_protection`` marks a request exactly as
``alsoProvides(request, IDisableCSRFProtection)`` does (the lock services
call it on every write), without rebuilding the request's declaration."""

from collective.locking.request import disable_csrf_protection
from plone.protect.interfaces import IDisableCSRFProtection
from plone.rest.interfaces import IAPIRequest
from zope.interface import alsoProvides
from zope.interface import directlyProvidedBy
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer
from ZPublisher.HTTPRequest import HTTPRequest
from ZPublisher.HTTPResponse import HTTPResponse

import io


class IThemeLayer(IDefaultBrowserLayer):
    """A browser layer, as add-ons install them."""


class IUnrelated(Interface):
    """Another interface a request may provide."""


def new_request(*layers):
    environ = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "REQUEST_METHOD": "POST"}
    request = HTTPRequest(io.BytesIO(), environ, HTTPResponse())
    if layers:
        alsoProvides(request, *layers)
    return request


def test_the_mark_is_the_declaration_also_provides_makes():
    layers = (IDefaultBrowserLayer, IThemeLayer, IAPIRequest, IUnrelated)
    also, marked = new_request(*layers), new_request(*layers)
    alsoProvides(also, IDisableCSRFProtection)
    disable_csrf_protection(marked)
    assert IDisableCSRFProtection.providedBy(marked)
    assert list(directlyProvidedBy(marked)) == list(directlyProvidedBy(also))
    assert list(directlyProvidedBy(marked))[-1] is IDisableCSRFProtection
    assert marked.__provides__ is also.__provides__  # zope.interface's own, shared


def test_a_request_that_provides_nothing_yet_gets_the_mark_alone():
    request = new_request()
    disable_csrf_protection(request)
    assert list(directlyProvidedBy(request)) == [IDisableCSRFProtection]


def test_marking_twice_changes_nothing():
    request = new_request(IDefaultBrowserLayer, IThemeLayer)
    disable_csrf_protection(request)
    declaration = request.__provides__
    disable_csrf_protection(request)
    assert request.__provides__ is declaration
    assert list(directlyProvidedBy(request)).count(IDisableCSRFProtection) == 1
