"""Fragment locks: two editors, two fields, one page, no lost update."""

from collective.locking.interfaces import IItemLocks
from collective.locking.testing import USERS
from plone import api

import pytest
import requests
import time
import transaction


def fields(doc):
    transaction.begin()
    return doc.Title(), doc.Description()


def test_two_editors_two_fields_no_lost_update(api_session, doc):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    a = alice.post("page/@lock", json={"fragments": ["title"]})
    b = bob.post("page/@lock", json={"fragments": ["description"]})
    assert a.status_code == b.status_code == 200
    token_a, token_b = a.json()["token"], b.json()["token"]
    assert a.json()["fragments"] == ["title"] and a.json()["kind"] == "fragment"

    # Each saves their own field with their own token...
    assert (
        alice.patch(
            "page", headers={"Lock-Token": token_a}, json={"title": "Alice's title"}
        ).status_code
        == 204
    )
    assert (
        bob.patch(
            "page", headers={"Lock-Token": token_b}, json={"description": "Bob's description"}
        ).status_code
        == 204
    )
    # ...and neither can save the other's field.
    refused = alice.patch(
        "page", headers={"Lock-Token": token_a}, json={"description": "Alice overwrites"}
    )
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["fields"] == ["description"]
    assert [lock["creator"] for lock in error["locks"]] == ["editor-b"]
    assert token_b not in refused.text
    assert (
        bob.patch(
            "page", headers={"Lock-Token": token_b}, json={"title": "Bob overwrites"}
        ).status_code
        == 403
    )
    # A request that touches both fields is refused whole.
    both = alice.patch(
        "page", headers={"Lock-Token": token_a}, json={"title": "Both", "description": "Both"}
    )
    assert both.status_code == 403

    assert fields(doc) == ("Alice's title", "Bob's description")


def test_unlocked_fields_stay_free(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    response = api_session("editor-b").patch("page", json={"description": "free"})
    assert response.status_code == 204
    assert fields(doc)[1] == "free"


def test_several_tokens_in_one_header(api_session, doc):
    editor = api_session("editor-a")
    first = editor.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    second = editor.post("page/@lock", json={"fragments": ["description"]}).json()["token"]
    assert first != second
    response = editor.patch(
        "page",
        headers={"Lock-Token": f"{first}, {second}"},
        json={"title": "T", "description": "D"},
    )
    assert response.status_code == 204


def test_all_or_nothing(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    response = api_session("editor-b").post(
        "page/@lock", json={"fragments": ["description", "title"]}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["type"] == "LockConflict"
    assert error["locks"][0]["fragments"] == ["title"]
    assert "token" not in error["locks"][0]
    collection = api_session().get("page/@lock").json()
    assert sorted(collection["fragments"]) == ["title"]


def test_fragment_requests_are_strict_even_for_volto_style_clients(api_session, doc):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").post("page/@lock", json={"fragments": ["title"]})
    assert response.status_code == 409


def test_resource_and_fragment_locks_exclude_each_other(api_session, doc):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    alice.post("page/@lock", json={"fragments": ["text"]})
    strict = bob.post("page/@lock", headers={"Prefer": "handling=strict"})
    assert strict.status_code == 409
    # Even the fragment owner cannot take a resource lock beside it.
    own = alice.post("page/@lock", headers={"Prefer": "handling=strict"})
    assert own.status_code == 409
    plain = bob.post("page/@lock")
    assert plain.status_code == 200 and "token" not in plain.json()
    transaction.begin()
    assert doc.wl_lockValues() == []


@pytest.mark.parametrize(
    "fragments,message",
    [
        (["nonsense"], "nonsense"),
        ([], "at least one"),
        ([1], "field names"),
        ([""], "field names"),
        ("title", "list"),
    ],
)
def test_bad_fragments_are_400(api_session, doc, fragments, message):
    response = api_session("editor-a").post("page/@lock", json={"fragments": fragments})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert api_session().get("page/@lock").json()["fragments"] == {}


def test_read_only_field_is_400(api_session, functional_portal):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=functional_portal, type="DXTestDocument", id="dx")
    transaction.commit()
    editor = api_session("editor-a")
    response = editor.post("dx/@lock", json={"fragments": ["test_readonly_field"]})
    assert response.status_code == 400
    assert "test_readonly_field" in response.json()["error"]["message"]
    assert editor.post("dx/@lock", json={"fragments": ["test_textline_field"]}).status_code == 200


def test_behavior_fields_can_be_locked(api_session, doc):
    response = api_session("editor-a").post(
        "page/@lock", json={"fragments": ["subjects", "exclude_from_nav", "text"]}
    )
    assert response.status_code == 200


def test_token_adds_fragments_to_lock(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    response = editor.post(
        "page/@lock", headers={"Lock-Token": token}, json={"fragments": ["description"]}
    )
    assert response.status_code == 200
    assert response.json()["token"] == token
    assert response.json()["fragments"] == ["description", "title"]
    stolen = api_session("editor-b").post(
        "page/@lock", headers={"Lock-Token": token}, json={"fragments": ["text"]}
    )
    assert stolen.status_code == 409
    assert token not in stolen.text


def test_collection_and_public_lock_uris(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title", "text"], "timeout": 120}).json()[
        "token"
    ]
    collection = api_session().get("page/@lock").json()
    assert collection["locked"] is False  # no resource lock
    assert sorted(collection["fragments"]) == ["text", "title"]
    public = api_session().get("page/@lock/title")
    assert public.status_code == 200
    assert public.json()["creator"] == "editor-a"
    assert public.json()["timeout"] == 120
    assert token not in public.text and token not in api_session("editor-b").get("page/@lock").text
    assert editor.get("page/@lock/title").json()["token"] == token
    assert editor.get("page/@lock").json()["fragments"]["title"]["token"] == token
    assert api_session().get("page/@lock/description").status_code == 404
    assert api_session().get("page/@lock/title/more").status_code == 404


def test_delete_public_lock_uri(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title", "text"]}).json()["token"]
    other = api_session("editor-b")
    refused = other.delete("page/@lock/title")
    assert refused.status_code == 409
    response = editor.delete("page/@lock/title", headers={"Lock-Token": token})
    assert response.status_code == 200
    assert sorted(response.json()["fragments"]) == ["text"]
    forced = other.delete("page/@lock/text", json={"force": True})
    assert forced.status_code == 200
    assert forced.json()["fragments"] == {}
    gone = editor.patch("page", headers={"Lock-Token": token}, json={"text": "x"})
    assert gone.status_code == 409
    assert gone.json()["error"]["reason"] == "forced"


def test_non_stealable_fragment_needs_break_permission(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"], "stealable": False})
    refused = api_session("editor-b").delete("page/@lock/title", json={"force": True})
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "LockNotBreakable"
    assert (
        api_session("siteadmin").delete("page/@lock/title", json={"force": True}).status_code == 200
    )


def test_refresh_fragment_lock_with_token(api_session, doc):
    editor = api_session("editor-a")
    first = editor.post("page/@lock", json={"fragments": ["title"], "timeout": 60}).json()
    time.sleep(1.1)
    response = editor.patch("page/@lock", headers={"Lock-Token": first["token"]})
    assert response.status_code == 200
    after = editor.get("page/@lock/title").json()
    assert after["expires"] > first["expires"]


def test_expired_fragment_lock(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title"], "timeout": 1}).json()["token"]
    time.sleep(1.2)
    assert (
        api_session("editor-b").post("page/@lock", json={"fragments": ["title"]}).status_code == 200
    )
    response = editor.patch("page", headers={"Lock-Token": token}, json={"title": "late"})
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "expired"


def test_classic_edit_form_opens_beside_others_fragment_locks(api_session, doc):
    """It takes the free fields (no resource lock, so no Zope lock) and shows
    the held one read-only (the browser test has two editors at once)."""
    api_session("editor-b").post("page/@lock", json={"fragments": ["text"]})
    browser = requests.Session()
    browser.auth = ("editor-a", USERS["editor-a"][0])
    response = browser.get(doc.absolute_url() + "/@@edit")
    assert response.url.endswith("/@@edit")
    assert "being edited by Editor B" in response.text
    assert ' name="form.widgets.IRichTextBehavior.text"' not in response.text  # no input
    transaction.begin()
    assert doc.wl_lockValues() == []
    mine = [lock for lock in IItemLocks(doc).active() if lock.creator == "editor-a"]
    assert len(mine) == 1 and "title" in mine[0].fragments and "text" not in mine[0].fragments


def test_locked_fragment_blocks_delete_and_rename(api_session, doc, functional_portal):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    response = api_session("siteadmin").delete("page")
    assert response.status_code == 403
    transaction.begin()
    with api.env.adopt_user(username="siteadmin"):
        with pytest.raises(Exception) as raised:
            api.content.rename(obj=functional_portal["page"], new_id="renamed")
    assert "locked" in str(raised.value)
    transaction.abort()


def test_lock_uri_delete_ignores_tokens_of_other_items(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    response = editor.delete("page/@lock/title", headers={"Lock-Token": f"elsewhere, {token}"})
    assert response.status_code == 200
    assert response.json()["fragments"] == {}


def test_asking_again_for_held_fragments_renews_them(api_session, doc):
    editor = api_session("editor-a")
    first = editor.post("page/@lock", json={"fragments": ["title", "text"]}).json()
    again = editor.post("page/@lock", json={"fragments": ["title"]})
    assert again.status_code == 200
    assert again.json()["token"] == first["token"]
    assert again.json()["fragments"] == ["text", "title"]
    # Beside someone else's lock it is still a conflict.
    assert (
        api_session("editor-b").post("page/@lock", json={"fragments": ["title"]}).status_code == 409
    )
