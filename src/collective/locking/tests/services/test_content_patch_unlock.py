"""Content PATCH with ``X-Plone-Unlock: true``: save and release in one
transaction; a refused save releases nothing; a save that renames the item
works for the lock's owner and strands no lock at the old path."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.helpers import fresh
from plone import api

import pytest
import transaction


UNLOCK = {"X-Plone-Unlock": "true"}


def test_save_and_unlock(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    response = editor.patch(
        "page", headers={**UNLOCK, "Lock-Token": token}, json={"title": "Saved"}
    )
    assert response.status_code == 204
    assert fresh(doc).Title() == "Saved"
    assert IItemLocks(doc).active() == []
    assert doc.wl_lockValues() == []


def test_save_and_unlock_fragments(api_session, doc):
    editor = api_session("editor-a")
    title = editor.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    other = api_session("editor-b").post("page/@lock", json={"fragments": ["text"]})
    response = editor.patch(
        "page", headers={**UNLOCK, "Lock-Token": title}, json={"title": "Saved"}
    )
    assert response.status_code == 204
    assert [lock.token for lock in IItemLocks(fresh(doc)).active()] == [other.json()["token"]]


@pytest.mark.parametrize(
    "body,headers,status",
    [
        ({"title": 5}, {}, 400),  # a value that does not fit
        ({"text": []}, {}, 400),
        ({"description": "x"}, {"other": True}, 403),  # someone else's field
        ({"title": "x"}, {"dead": True}, 409),  # a token whose lock is gone
    ],
)
def test_refused_save_releases_nothing(api_session, doc, body, headers, status):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title", "text"]}).json()["token"]
    tokens = token
    if headers.get("other"):
        api_session("editor-b").post("page/@lock", json={"fragments": ["description"]})
    if headers.get("dead"):
        dead = editor.post("page/@lock", json={"fragments": ["subjects"]}).json()["token"]
        editor.delete("page/@lock/subjects", headers={"Lock-Token": dead})
        tokens = f"{token}, {dead}"
    response = editor.patch("page", headers={**UNLOCK, "Lock-Token": tokens}, json=body)
    assert response.status_code == status, response.text
    assert token in [lock.token for lock in IItemLocks(fresh(doc)).active()]
    assert doc.Title() == "A page"


@pytest.fixture
def renamers(functional_portal):
    """Renaming (plone.shortname's ``id``) needs "Add portal content", as in
    Plone: the editors are contributors of the site too."""
    with api.env.adopt_roles(["Manager"]):
        for login in ("editor-a", "editor-b"):
            api.user.grant_roles(username=login, obj=functional_portal, roles=["Contributor"])
    transaction.commit()


def test_rename_by_the_owner_moves_the_lock(api_session, doc, functional_portal, renamers):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    response = editor.patch("page", headers={"Lock-Token": token}, json={"id": "renamed"})
    assert response.status_code == 204, response.text
    portal = fresh(functional_portal)
    assert "page" not in portal and "renamed" in portal
    info = editor.get("renamed/@lock").json()
    assert info["locked"] is True and info["token"] == token  # moved with the item
    assert [lock.getLockToken() for lock in portal["renamed"].wl_lockValues()] == [token]
    listed = api_session("siteadmin").get("@locks").json()["items"]
    assert [item["@id"].split("/plone/")[1] for item in listed] == ["renamed/@lock"]
    assert api_session("editor-b").patch("renamed", json={"title": "x"}).status_code == 403


def test_rename_and_unlock(api_session, doc, functional_portal, renamers):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    response = editor.patch(
        "page", headers={**UNLOCK, "Lock-Token": token}, json={"id": "renamed", "title": "New"}
    )
    assert response.status_code == 204, response.text
    renamed = fresh(functional_portal)["renamed"]
    assert renamed.Title() == "New"
    assert IItemLocks(renamed).active() == [] and renamed.wl_lockValues() == []
    assert api_session("siteadmin").get("@locks").json()["items"] == []


def test_rename_refused_while_someone_else_holds_a_lock(
    api_session, doc, functional_portal, renamers
):
    api_session("editor-a").post("page/@lock", json={"fragments": ["text"]})
    response = api_session("editor-b").patch("page", json={"id": "renamed"})
    assert response.status_code == 403
    assert "page" in fresh(functional_portal) and "renamed" not in functional_portal
    # plone.shortname's unlock-rename-lock did not take editor A's lock.
    assert [lock.creator for lock in IItemLocks(functional_portal["page"]).active()] == ["editor-a"]
    # Once the lock is gone, the same request renames.
    api_session("editor-a").delete("page/@lock/text")
    assert api_session("editor-b").patch("page", json={"id": "renamed"}).status_code == 204
    assert "renamed" in fresh(functional_portal)
