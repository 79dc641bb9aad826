"""The classic UI locks through ILockable and follows the same rules."""

from collective.locking.testing import USERS
from plone import api

import pytest
import re
import requests
import transaction


def browser(login):
    session = requests.Session()
    session.auth = (login, USERS[login][0])
    return session


def test_edit_form_takes_lock_and_save_releases_it(api_session, doc):
    editor = browser("editor-a")
    form = editor.get(doc.absolute_url() + "/@@edit")
    assert form.status_code == 200
    assert form.url.endswith("/@@edit")

    info = api_session("editor-b").get("page/@lock").json()
    assert info["locked"] is True
    assert info["creator"] == "editor-a"
    assert "token" not in info
    transaction.begin()
    (item,) = doc.wl_lockValues()
    assert len(item.getLockToken()) >= 43  # from secrets, not Zope's random

    title_field = re.search(r'name="(form\.widgets\.[\w.]*title)"', form.text).group(1)
    tag = re.search(r'<input[^>]*name="_authenticator"[^>]*>', form.text).group(0)
    authenticator = re.search(r'value="([^"]+)"', tag).group(1)
    saved = editor.post(
        doc.absolute_url() + "/@@edit",
        data={
            title_field: "Saved classically",
            "form.buttons.save": "Save",
            "_authenticator": authenticator,
        },
    )
    assert saved.status_code == 200
    transaction.begin()
    assert doc.Title() == "Saved classically"
    assert api_session("editor-b").get("page/@lock").json()["locked"] is False


def test_edit_form_refused_while_other_holds_rest_lock(api_session, doc):
    api_session("editor-b").post("page/@lock", json={"stealable": False})
    response = browser("editor-a").get(doc.absolute_url() + "/@@edit")
    assert response.status_code == 200
    assert not response.url.endswith("/@@edit")  # sent back to the view
    info = api_session("editor-b").get("page/@lock").json()
    assert info["creator"] == "editor-b"
    assert info["stealable"] is True  # the owner's view


def test_rest_client_sees_classic_lock_and_cannot_write(api_session, doc):
    browser("editor-a").get(doc.absolute_url() + "/@@edit")
    other = api_session("editor-b")
    assert other.post("page/@lock").json()["creator"] == "editor-a"
    assert other.patch("page", json={"title": "x"}).status_code == 403


def submit(session, url, button, fields=None):
    """Open a classic form and press one of its buttons."""
    form = session.get(url)
    tag = re.search(r'<input[^>]*name="_authenticator"[^>]*>', form.text).group(0)
    data = {"_authenticator": re.search(r'value="([^"]+)"', tag).group(1), button: button}
    data.update(fields or {})
    return session.post(url, data=data)


@pytest.mark.parametrize("kind", [{}, {"fragments": ["text"]}])
def test_delete_form_refused_while_other_holds_lock(api_session, doc, functional_portal, kind):
    api_session("editor-a").post("page/@lock", json=kind)
    response = submit(
        browser("siteadmin"), doc.absolute_url() + "/@@delete_confirmation", "form.buttons.Delete"
    )
    assert response.status_code in (403, 423)
    transaction.begin()
    assert "page" in functional_portal


def test_delete_form_by_owner_releases_and_deletes(api_session, doc, functional_portal):
    api.user.grant_roles(username="editor-a", roles=["Site Administrator"])
    transaction.commit()
    api_session("editor-a").post("page/@lock")
    response = submit(
        browser("editor-a"), doc.absolute_url() + "/@@delete_confirmation", "form.buttons.Delete"
    )
    assert response.status_code == 200
    transaction.begin()
    assert "page" not in functional_portal
