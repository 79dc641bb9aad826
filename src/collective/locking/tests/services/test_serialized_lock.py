"""The ``lock`` key of serialized content: no token but for its owner."""

import pytest


@pytest.mark.parametrize("login", [None, "editor-b", "siteadmin"])
def test_content_lock_key_has_no_token_for_others(api_session, doc, login):
    token = api_session("editor-a").post("page/@lock").json()["token"]
    response = api_session(login).get("page")
    assert response.status_code == 200
    lock = response.json()["lock"]
    assert lock["locked"] is True
    assert lock["creator"] == "editor-a"
    assert lock["token"] is None  # plone.restapi keeps the key
    assert token not in response.text


def test_owner_gets_token_in_lock_key(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    assert editor.get("page").json()["lock"]["token"] == token


def test_search_fullobjects_has_no_token(api_session, doc):
    token = api_session("editor-a").post("page/@lock").json()["token"]
    response = api_session().get("@search", params={"fullobjects": 1, "portal_type": "Document"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["lock"]["creator"] for item in items] == ["editor-a"]
    assert token not in response.text


def test_folder_and_site_root_lock_keys(api_session, functional_portal):
    admin = api_session("siteadmin")
    token = admin.post("@lock").json()["token"]
    response = api_session("editor-b").get("")
    assert response.json()["lock"]["creator"] == "siteadmin"
    assert token not in response.text
