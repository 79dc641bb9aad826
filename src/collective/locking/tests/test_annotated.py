"""What ``collective.locking.annotated`` and the per-request model assume,
one test each, on the test site: the annotations read without a lookup are
the ones the registry gives, one request gets one model per item, and the
request's scope goes when the request ends."""

from collective.locking import scope
from collective.locking.annotated import annotations_of
from collective.locking.interfaces import IItemLocks
from collective.locking.locks import item_locks
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.globalrequest import getRequest
from zope.globalrequest import setRequest
from zope.publisher.interfaces import EndRequestEvent

import pytest


@pytest.fixture
def a_request(functional_portal):
    """The site's test request as the current one (as in a published request)."""
    before = getRequest()
    request = functional_portal.REQUEST
    setRequest(request)
    yield request
    setRequest(before)


def test_content_the_site_and_requests_get_the_annotations_the_registry_gives(
    functional_portal, doc, a_request
):
    for obj in (doc, functional_portal, a_request):
        looked_up = IAnnotations(obj)
        read = annotations_of(obj)
        assert type(read) is type(looked_up)
        read["collective.locking.test"] = obj.__class__.__name__
        assert looked_up.get("collective.locking.test") == obj.__class__.__name__
        del looked_up["collective.locking.test"]
        assert "collective.locking.test" not in read


def test_an_object_without_attribute_annotations_is_adapted_as_usual():
    assert annotations_of(object()) is None
    assert annotations_of(None) is None


def test_one_request_has_one_model_per_item(doc, a_request):
    assert item_locks(doc) is item_locks(doc)
    # Adapting gives the same model as the function the package calls.
    assert IItemLocks(doc) is item_locks(doc)
    # Another wrapper of the item has its own (its acquisition chain may differ).
    assert item_locks(doc.aq_parent[doc.getId()]) is not item_locks(doc)


def test_without_a_request_each_call_gets_a_new_model(doc):
    before = getRequest()
    setRequest(None)
    try:
        assert item_locks(doc) is not item_locks(doc)
    finally:
        setRequest(before)


def test_the_scope_goes_when_the_request_ends(doc, a_request):
    """A model holds the item's wrapper, which holds the request: the scope
    must not outlive the request, or the request waits for the cycle
    collector instead of going when it is done."""
    model = item_locks(doc)
    assert scope.peek(a_request).models
    notify(EndRequestEvent(None, a_request))
    assert scope.peek(a_request) is None
    # A new scope (and model) if the request is asked again.
    assert item_locks(doc) is not model
