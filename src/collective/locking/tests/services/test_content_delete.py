"""Delete, rename and move of a locked item."""

from plone import api

import pytest
import transaction


def test_delete_refused_while_other_holds_lock(api_session, doc, functional_portal):
    token = api_session("editor-a").post("page/@lock").json()["token"]
    response = api_session("siteadmin").delete("page")
    assert response.status_code == 403
    assert response.json()["error"]["type"] == "Forbidden"
    assert response.json()["error"]["locks"][0]["creator"] == "editor-a"
    assert token not in response.text
    transaction.begin()
    assert "page" in functional_portal


def test_owner_deletes_own_locked_item(api_session, doc, functional_portal):
    # Editors may delete in a folder they own; give editor-a that right here.
    functional_portal.manage_setLocalRoles("editor-a", ["Editor", "Contributor", "Reviewer"])
    api.user.grant_roles(username="editor-a", roles=["Site Administrator"])
    transaction.commit()
    editor = api_session("editor-a")
    editor.post("page/@lock")
    response = editor.delete("page")
    assert response.status_code == 204
    transaction.begin()
    assert "page" not in functional_portal


def move(functional_portal, action):
    folder = functional_portal["folder"]
    with api.env.adopt_user(username="siteadmin"):
        if action == "rename":
            api.content.rename(obj=functional_portal["page"], new_id="renamed")
        elif action == "move":
            api.content.move(source=functional_portal["page"], target=folder)
        else:
            api.content.delete(obj=functional_portal["page"], check_linkintegrity=False)


@pytest.mark.parametrize("action", ["rename", "move", "delete"])
def test_rename_move_delete_refused_in_python(api_session, doc, functional_portal, action):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=functional_portal, type="Folder", id="folder")
    transaction.commit()
    api_session("editor-a").post("page/@lock")
    transaction.begin()
    with pytest.raises(Exception) as raised:
        move(functional_portal, action)
    assert "locked" in str(raised.value).lower()
    transaction.abort()
    assert "page" in functional_portal


def test_move_over_rest_refused(api_session, doc, functional_portal):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=functional_portal, type="Folder", id="folder")
    transaction.commit()
    api_session("editor-a").post("page/@lock")
    response = api_session("siteadmin").post("folder/@move", json={"source": doc.absolute_url()})
    # Zope refuses the cut itself, before any event: its own 423.
    assert response.status_code == 423
    assert response.json()["type"] == "ResourceLockedError"
    transaction.begin()
    assert "page" in functional_portal
    assert "page" not in functional_portal["folder"]
