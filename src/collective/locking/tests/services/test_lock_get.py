"""GET {item}/@lock: describe the item's lock; the token to its owner only."""

import pytest


def test_unlocked(api_session, doc):
    response = api_session().get("page/@lock")
    assert response.status_code == 200
    assert response.json() == {"locked": False, "stealable": True, "fragments": {}}


def test_owner_sees_token(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    info = editor.get("page/@lock").json()
    assert info["token"] == token
    assert info["locked"] is True


@pytest.mark.parametrize("login", [None, "editor-b", "reader", "siteadmin"])
def test_others_never_see_token(api_session, doc, login):
    token = api_session("editor-a").post("page/@lock").json()["token"]
    response = api_session(login).get("page/@lock")
    assert response.status_code == 200
    info = response.json()
    assert info["locked"] is True
    assert info["creator"] == "editor-a"
    assert "token" not in info
    assert token not in response.text


@pytest.mark.parametrize("login", [None, "editor-b", "siteadmin"])
def test_others_never_see_a_fragment_token_the_owner_was_just_shown(api_session, doc, login):
    # A lock's public info is made once and kept with the lock, across
    # requests: the owner's copy, with its token, must stay the owner's.
    owner = api_session("editor-a")
    token = owner.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    assert owner.get("page/@lock").json()["fragments"]["title"]["token"] == token
    response = api_session(login).get("page/@lock")
    assert response.status_code == 200
    assert response.json()["fragments"]["title"]["creator"] == "editor-a"
    assert "token" not in response.json()["fragments"]["title"]
    assert token not in response.text


def test_site_root(api_session, functional_portal):
    api_session("siteadmin").post("@lock")
    info = api_session().get("@lock").json()
    assert info["creator"] == "siteadmin"
    assert "token" not in info
