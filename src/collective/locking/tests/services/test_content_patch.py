"""PATCH {item}: a locked item is written only with the lock's token."""

from OFS.LockItem import LockItem
from plone import api

import pytest
import transaction


def title(doc):
    transaction.begin()
    return doc.Title()


def test_owner_with_token_writes(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    response = editor.patch("page", headers={"Lock-Token": token}, json={"title": "New"})
    assert response.status_code == 204
    assert title(doc) == "New"


def test_token_among_several_and_webdav_form(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    for header in (f"other, {token}", f"<opaquelocktoken:{token}>"):
        response = editor.patch("page", headers={"Lock-Token": header}, json={"title": header[:5]})
        assert response.status_code == 204


def test_without_token_is_403_forbidden(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    for session in (editor, api_session("editor-b")):
        response = session.patch("page", json={"title": "Lost update"})
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["type"] == "Forbidden"
        assert error["locks"][0]["creator"] == "editor-a"
        assert token not in response.text
    assert title(doc) == "A page"


def test_someone_elses_wrong_token_is_refused(api_session, doc):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").patch(
        "page", headers={"Lock-Token": "guess"}, json={"title": "x"}
    )
    assert response.status_code == 403
    assert title(doc) == "A page"


def test_dead_token_says_why(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    api_session("siteadmin").delete("page/@lock", json={"force": True})
    response = editor.patch("page", headers={"Lock-Token": token}, json={"title": "x"})
    assert response.status_code == 409
    assert response.json()["error"] == {
        "type": "LockGone",
        "message": "This lock was released by another user.",
        "reason": "forced",
    }
    assert title(doc) == "A page"


def test_a_long_dead_token_is_still_refused(api_session, doc):
    """Editor A's lock is broken; 25 locks of editor B come and go on the
    page, more than the page remembers the fates of. A's late save with the
    dead token is still refused (``ended``), not taken for a save without a
    token: it would undo what was saved since."""
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    api_session("siteadmin").delete("page/@lock", json={"force": True})
    other = api_session("editor-b")
    for _number in range(25):
        taken = other.post("page/@lock", json={"fragments": ["description"]}).json()["token"]
        assert other.delete("page/@lock", headers={"Lock-Token": taken}).status_code == 200
    response = editor.patch("page", headers={"Lock-Token": token}, json={"title": "x"})
    assert response.status_code == 409
    assert response.json()["error"] == {
        "type": "LockGone",
        "message": "This lock has ended: it was released, or it expired.",
        "reason": "ended",
    }
    assert title(doc) == "A page"


@pytest.mark.parametrize("token", ["x.\u00e9", "\u00e9.\u00e9", ".", "a.b.c"])
def test_a_token_of_any_shape_is_answered(api_session, doc, token):
    """Tokens are checked for the item's mark: a header of any shape with a
    dot in it is still a token of no lock (ignored here), never a 500."""
    editor = api_session("editor-a")
    editor.post("page/@lock")
    response = editor.patch(
        "page", headers={"Lock-Token": token.encode("latin-1")}, json={"title": "x"}
    )
    assert response.status_code == 403
    assert title(doc) == "A page"


def test_unlocked_item_stays_free(api_session, doc):
    response = api_session("editor-b").patch("page", json={"title": "Free"})
    assert response.status_code == 204
    assert title(doc) == "Free"


def test_bad_json_is_400(api_session, doc):
    response = api_session("editor-a").patch(
        "page", data="{", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "DeserializationError"


def test_site_root_patch_checks_lock(api_session, functional_portal):
    admin = api_session("siteadmin")
    token = admin.post("@lock").json()["token"]
    assert admin.patch("", json={"title": "x"}).status_code == 403
    assert admin.patch("", headers={"Lock-Token": token}, json={"title": "Site"}).status_code == 204


def test_lock_from_before_the_addon_keeps_working(api_session, doc):
    """A Zope (WebDAV) lock that this package did not make, as stock
    plone.restapi or a WebDAV client leaves them, is honoured with its token."""
    item = LockItem(api.user.get(username="editor-a").getUser(), timeout=600)
    doc.wl_setLock(item.getLockToken(), item)
    transaction.commit()
    token = item.getLockToken()

    info = api_session("editor-b").get("page/@lock").json()
    assert info["locked"] is True and info["creator"] == "editor-a"
    assert "token" not in info
    assert api_session("editor-b").patch("page", json={"title": "x"}).status_code == 403
    editor = api_session("editor-a")
    assert editor.get("page/@lock").json()["token"] == token
    response = editor.patch("page", headers={"Lock-Token": token}, json={"title": "Kept"})
    assert response.status_code == 204
    assert editor.delete("page/@lock").json()["locked"] is False
    assert title(doc) == "Kept"
