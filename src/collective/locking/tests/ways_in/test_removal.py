"""Deleting, renaming, moving or cutting a folder is refused while an item
inside it is locked by someone else; nothing moves."""

from collective.locking.tests.helpers import fresh
from plone import api

import json
import pytest
import transaction


@pytest.fixture(params=[{}, {"fragments": ["text"]}], ids=["resource", "fragment"])
def locked_child(request, api_session, make_content):
    """Folder ``f`` holding page ``p``, locked by editor-a."""
    folder = make_content("Folder", "f")
    make_content("Document", "p", container=folder)
    make_content("Folder", "target")
    assert api_session("editor-a").post("f/p/@lock", json=request.param).status_code == 200
    return folder


def still_there(portal):
    fresh(portal)
    return "f" in portal and "p" in portal["f"] and "p" not in portal["target"]


def test_rest_delete(api_session, locked_child, functional_portal):
    response = api_session("siteadmin").delete("f")
    assert response.status_code == 403
    assert still_there(functional_portal)


def test_classic_delete(classic, locked_child, functional_portal):
    response = classic("siteadmin").form(
        locked_child.absolute_url() + "/@@delete_confirmation", {"form.buttons.Delete": "Delete"}
    )
    assert response.status_code in (403, 423)
    assert still_there(functional_portal)


def test_folder_contents_delete_and_rename(classic, locked_child, functional_portal):
    admin = classic("siteadmin")
    uid = api.content.get_uuid(locked_child)
    base = functional_portal.absolute_url()
    admin.form(f"{base}/@@fc-delete", {"selection": json.dumps([uid]), "folder": "/"})
    admin.form(
        f"{base}/@@fc-rename",
        {
            "selection": json.dumps([uid]),
            "folder": "/",
            "UID_0": uid,
            "newid_0": "g",
            "newtitle_0": "G",
        },
    )
    assert still_there(functional_portal)


def test_rest_move_and_rename(api_session, locked_child, functional_portal):
    admin = api_session("siteadmin")
    moved = admin.post("target/@move", json={"source": locked_child.absolute_url()})
    assert moved.status_code in (200, 403)
    renamed = admin.patch("f", json={"id": "g"})
    assert renamed.status_code in (403, 423)
    assert still_there(functional_portal)


def test_zmi_delete_rename_cut_paste(classic, locked_child, functional_portal):
    manager = classic("manager")
    base = functional_portal.absolute_url()
    assert manager.form(f"{base}/manage_delObjects", {"ids:list": "f"}).status_code == 403
    renamed = manager.form(f"{base}/manage_renameObject", {"id": "f", "new_id": "g"})
    assert renamed.status_code == 403
    assert still_there(functional_portal)
    with api.env.adopt_roles(["Manager"]):
        clipboard = functional_portal.manage_cutObjects(["f"])
    with pytest.raises(Exception, match="locked"):
        with api.env.adopt_user(username="manager"):
            functional_portal["target"].manage_pasteObjects(clipboard)
    transaction.abort()
    assert still_there(functional_portal)


def test_removal_allowed_once_unlocked_or_by_the_owner(
    api_session, locked_child, functional_portal
):
    api.user.grant_roles(username="editor-a", roles=["Site Administrator"])
    transaction.commit()
    assert api_session("editor-a").delete("f").status_code == 204  # their own lock
    fresh(functional_portal)
    assert "f" not in functional_portal
