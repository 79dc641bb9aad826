"""WebDAV (PUT, PROPPATCH, LOCK, UNLOCK) in step with the model."""

from collective.locking.interfaces import IItemLocks
from collective.locking.testing import USERS
from collective.locking.tests.helpers import fresh

import requests


LOCK_BODY = (
    '<?xml version="1.0"?><d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/>'
    "</d:lockscope><d:locktype><d:write/></d:locktype><d:owner>me</d:owner></d:lockinfo>"
)

SET_TITLE = (
    '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" '
    'xmlns:z="http://www.zope.org/propsets/default"><d:set><d:prop>'
    "<z:title>{}</z:title></d:prop></d:set></d:propertyupdate>"
)


#: A PUT that replaced the item (Zope answers 204; 200 on a page with Volto
#: blocks, whose answer plone.app.caching handles as a view's).
SAVED = (200, 204)


def dav(method, url, login, **kwargs):
    return requests.request(method, url, auth=(login, USERS[login][0]), **kwargs)


def put_title(url, login, title, **kwargs):
    body = f"title: {title}\nContent-Type: text/html\n\n<p>Body</p>"
    return dav("PUT", url, login, data=body, **kwargs)


def proppatch_title(url, login, title, **kwargs):
    headers = {"Content-Type": "text/xml", **kwargs.pop("headers", {})}
    return dav("PROPPATCH", url, login, data=SET_TITLE.format(title), headers=headers, **kwargs)


def test_put_cannot_overwrite_fragment_lock(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    assert put_title(doc.absolute_url(), "manager", "Overwritten").status_code == 403
    assert fresh(doc).Title() == "A page"
    assert put_title(doc.absolute_url(), "editor-a", "The owner's").status_code in SAVED
    assert fresh(doc).Title() == "The owner's"


def test_proppatch_cannot_overwrite_fragment_lock(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    assert proppatch_title(doc.absolute_url(), "manager", "Overwritten").status_code == 403
    assert fresh(doc).Title() == "A page"
    assert proppatch_title(doc.absolute_url(), "editor-a", "The owner's").status_code == 207
    assert fresh(doc).Title() == "The owner's"


def test_writes_with_the_token_in_an_if_header(api_session, doc):
    token = api_session("manager").post("page/@lock").json()["token"]
    url = doc.absolute_url()
    assert put_title(url, "editor-b", "Without").status_code in (403, 423)
    headers = {"If": f"(<opaquelocktoken:{token}>)"}
    assert put_title(url, "manager", "With the token", headers=headers).status_code in SAVED
    assert fresh(doc).Title() == "With the token"


def test_lock_beside_a_fragment_lock_is_423(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    response = dav("LOCK", doc.absolute_url(), "manager", data=LOCK_BODY)
    assert response.status_code == 423
    assert "opaquelocktoken" not in response.headers.get("Lock-Token", "")
    fresh(doc)
    assert doc.wl_lockValues() == []
    assert [lock.kind for lock in IItemLocks(doc).active()] == ["fragment"]


def test_lock_becomes_a_resource_lock_of_the_model(api_session, doc):
    response = dav("LOCK", doc.absolute_url(), "manager", data=LOCK_BODY)
    assert response.status_code == 200
    token = response.headers["Lock-Token"].strip("<>").split(":", 1)[1]
    info = api_session("manager").get("page/@lock").json()
    assert info["locked"] is True and info["creator"] == "manager"
    assert info["token"] == token  # its owner's
    assert "token" not in api_session("editor-b").get("page/@lock").json()
    entries = api_session("manager").get("@locks").json()["items"]
    assert [entry["creator"] for entry in entries] == ["manager"]
    # The model's rules hold for it: no fragment lock beside it.
    response = api_session("editor-b").post("page/@lock", json={"fragments": ["title"]})
    assert response.status_code == 409


def test_unlock_releases_the_models_lock(api_session, doc):
    manager = api_session("manager")
    token = manager.post("page/@lock").json()["token"]
    response = dav(
        "UNLOCK",
        doc.absolute_url(),
        "manager",
        headers={"Lock-Token": f"<opaquelocktoken:{token}>"},
    )
    assert response.status_code == 204
    assert manager.get("page/@lock").json()["locked"] is False
    assert manager.get("@locks").json()["items"] == []
    # The dead token says so, and anyone may edit again.
    gone = manager.patch("page", headers={"Lock-Token": token}, json={"title": "x"})
    assert gone.status_code == 409 and gone.json()["error"]["reason"] == "released"
    assert api_session("editor-b").patch("page", json={"title": "Free"}).status_code == 204


def test_propfind_shows_no_foreign_token(api_session, doc):
    token = api_session("editor-a").post("page/@lock").json()["token"]
    response = dav("PROPFIND", doc.absolute_url(), "editor-b", headers={"Depth": "0"})
    assert response.status_code == 207
    assert "lockdiscovery" in response.text
    assert token not in response.text
