"""Inputs that made the server answer 500: each now gets a clear 4xx (or
works), and changes nothing when refused."""

from collective.locking.errors import LockError
from collective.locking.services.refusals import status_of
from collective.locking.testing import NotAnnotatable
from collective.locking.tests.helpers import fresh
from OFS.event import ObjectWillBeMovedEvent
from plone import api
from zope.event import notify

import pytest
import transaction


DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a": ' * 50_000 + "1" + "}" * 50_000


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    "method,path",
    [
        ("POST", "page/@lock"),
        ("PATCH", "page/@lock"),
        ("DELETE", "page/@lock"),
        ("DELETE", "page/@lock/title"),
        ("PATCH", "page"),
        ("DELETE", "@locks"),
    ],
)
def test_deeply_nested_json(api_session, doc, method, path, body):
    response = api_session("editor-a").request(
        method, path, data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text[:300]
    assert response.json()["error"]["type"] in ("BadRequest", "DeserializationError")
    assert fresh(doc).Title() == "A page"


def test_content_delete_with_tokens_of_other_items(api_session, doc, make_content):
    """The docs tell clients to send all their tokens."""
    other = make_content("Document", "other")
    editor = api_session("siteadmin")
    token = editor.post("other/@lock").json()["token"]
    response = editor.delete("page", headers={"Lock-Token": f"{token}, never-seen"})
    assert response.status_code == 204
    fresh(other)
    assert "page" not in other.aq_parent and "other" in other.aq_parent


@pytest.fixture
def plain(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        functional_portal._setObject("plain", NotAnnotatable("plain", "Plain"))
    transaction.commit()
    return functional_portal["plain"]


def test_items_that_cannot_be_annotated(api_session, plain, functional_portal):
    admin = api_session("manager")
    assert admin.get("plain/@lock").json()["locked"] is False
    response = admin.post("plain/@lock")
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "NotLockable"
    # plone.restapi cannot write non-Dexterity content: its own 501.
    assert admin.patch("plain", json={"title": "x"}).status_code == 501
    # A rename asks the removal check as a move does (this test type cannot
    # be pasted, so the event is sent as a rename sends it).
    notify(ObjectWillBeMovedEvent(plain, functional_portal, "plain", functional_portal, "p2"))
    assert admin.delete("plain").status_code == 204
    assert "plain" not in fresh(functional_portal)


@pytest.mark.parametrize(
    "method", ["PUT", "PROPFIND", "LOCK", "UNLOCK", "MKCOL", "COPY", "MOVE", "FOO"]
)
def test_unknown_methods_on_lock_uris(api_session, doc, method):
    for path in ("page/@lock", "page/@lock/title", "@locks", "@locks/history"):
        response = api_session("editor-a").request(method, path)
        assert response.status_code in (204, 405), (method, path, response.status_code)
        assert "GET" in response.headers["Allow"]


def test_error_without_its_own_status():
    class NewRefusal(LockError):
        pass

    assert status_of(NewRefusal("x")) == (409, "LockError")
