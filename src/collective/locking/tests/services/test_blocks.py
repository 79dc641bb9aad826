"""Volto pages: block locks (``blocks/{id}``), merge patches, and Volto's
whole-``blocks`` PATCH checked block by block."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.helpers import fresh
from plone import api

import pytest
import transaction


MERGE = {"Content-Type": "application/merge-patch+json"}

BLOCKS = {
    "intro": {"@type": "slate", "plaintext": "Intro"},
    "agenda": {"@type": "slate", "plaintext": "Agenda"},
    "notes": {"@type": "slate", "plaintext": "Notes"},
}
LAYOUT = {"items": ["intro", "agenda", "notes"]}


@pytest.fixture
def page(make_document):
    page = make_document("page")
    with api.env.adopt_roles(["Manager"]):
        page.blocks = {key: dict(value) for key, value in BLOCKS.items()}
        page.blocks_layout = dict(LAYOUT)
    transaction.commit()
    return page


def stored(page):
    return {key: value["plaintext"] for key, value in fresh(page).blocks.items()}


def lock(session, fragments, **kwargs):
    return session.post("page/@lock", json={"fragments": fragments}, **kwargs)


def test_blocks_are_fragments(api_session, page):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    token = lock(alice, ["blocks/agenda"]).json()["token"]
    assert lock(bob, ["blocks/notes", "blocks_layout"]).status_code == 200
    fragments = bob.get("page/@lock").json()["fragments"]
    assert sorted(fragments) == ["blocks/agenda", "blocks/notes", "blocks_layout"]
    assert "token" not in fragments["blocks/agenda"]
    assert alice.get("page/@lock/blocks/agenda").json()["token"] == token
    # A lock on blocks covers every block, both ways.
    assert lock(bob, ["blocks"]).status_code == 409
    assert lock(bob, ["blocks/agenda"]).status_code == 409
    # Fragments are added to a lock with its token, released one by one.
    response = lock(alice, ["blocks/intro"], headers={"Lock-Token": token})
    assert response.json()["fragments"] == ["blocks/agenda", "blocks/intro"]
    assert alice.delete("page/@lock/blocks/intro").status_code == 200
    assert sorted(alice.get("page/@lock").json()["fragments"]) == [
        "blocks/agenda",
        "blocks/notes",
        "blocks_layout",
    ]


def test_whole_blocks_lock_excludes_block_locks(api_session, page):
    assert lock(api_session("editor-a"), ["blocks"]).status_code == 200
    response = lock(api_session("editor-b"), ["blocks/intro"])
    assert response.status_code == 409
    assert response.json()["error"]["locks"][0]["fragments"] == ["blocks"]


def test_unknown_block_is_400(api_session, page):
    response = lock(api_session("editor-a"), ["blocks/nope"])
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Not a block of this item: blocks/nope."


def test_block_locks_are_listed(api_session, page):
    lock(api_session("editor-a"), ["blocks/agenda"])
    items = api_session("siteadmin").get("@locks").json()["items"]
    assert [item["@id"].split("/plone/")[1] for item in items] == ["page/@lock/blocks/agenda"]


def test_merge_patch_writes_one_block(api_session, page):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    token = lock(alice, ["blocks/agenda"]).json()["token"]
    modified = fresh(page).modified()
    response = alice.patch(
        "page",
        headers={**MERGE, "Lock-Token": token},
        json={"blocks": {"agenda": {"plaintext": "Alice's agenda"}}},
    )
    assert response.status_code == 204
    assert stored(page) == {"intro": "Intro", "agenda": "Alice's agenda", "notes": "Notes"}
    assert page.blocks["agenda"]["@type"] == "slate"  # merged, not replaced
    assert page.modified() > modified  # events as for a plain PATCH

    # Bob writes another block meanwhile; not Alice's.
    assert bob.patch("page", headers=MERGE, json={"blocks": {"notes": {"plaintext": "Bob"}}}).ok
    refused = bob.patch("page", headers=MERGE, json={"blocks": {"agenda": {"plaintext": "x"}}})
    assert refused.status_code == 403
    assert refused.json()["error"]["fields"] == ["blocks/agenda"]
    assert stored(page) == {"intro": "Intro", "agenda": "Alice's agenda", "notes": "Bob"}


def test_merge_patch_null_removes_a_block(api_session, page):
    alice = api_session("editor-a")
    token = lock(alice, ["blocks/notes", "blocks_layout"]).json()["token"]
    response = alice.patch(
        "page",
        headers={**MERGE, "Lock-Token": token},
        json={"blocks": {"notes": None}, "blocks_layout": {"items": ["intro", "agenda"]}},
    )
    assert response.status_code == 204
    assert sorted(stored(page)) == ["agenda", "intro"]
    assert page.blocks_layout == {"items": ["intro", "agenda"]}


def test_merge_patch_of_plain_fields(api_session, page):
    response = api_session("editor-b").patch("page", headers=MERGE, json={"title": "Merged"})
    assert response.status_code == 204
    assert fresh(page).Title() == "Merged"


def test_merge_patch_removing_a_locked_block_is_refused(api_session, page):
    lock(api_session("editor-a"), ["blocks/notes"])
    response = api_session("editor-b").patch(
        "page", headers=MERGE, json={"blocks": {"notes": None}}
    )
    assert response.status_code == 403
    assert sorted(stored(page)) == ["agenda", "intro", "notes"]


def test_volto_whole_blocks_patch_is_checked_block_by_block(api_session, page):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    lock(alice, ["blocks/agenda"])
    blocks = bob.get("page").json()["blocks"]
    # Alice's block sent back unchanged: not a write.
    blocks["notes"]["plaintext"] = "Bob's notes"
    assert bob.patch("page", json={"blocks": blocks}).status_code == 204
    assert stored(page)["notes"] == "Bob's notes"
    # A changed copy of Alice's block: refused, and nothing written.
    blocks["agenda"]["plaintext"] = "Overwritten"
    blocks["intro"]["plaintext"] = "Bob's intro"
    refused = bob.patch("page", json={"blocks": blocks})
    assert refused.status_code == 403
    assert refused.json()["error"]["fields"] == ["blocks/agenda"]
    assert stored(page) == {"intro": "Intro", "agenda": "Agenda", "notes": "Bob's notes"}
    # Dropping her block is a write too.
    del blocks["agenda"]
    blocks["intro"]["plaintext"] = "Intro"
    assert bob.patch("page", json={"blocks": blocks}).status_code == 403


def test_the_guard_sees_blocks_one_by_one(api_session, page):
    """Under every way in, not only PATCH: a version revert (which writes
    every field, blocks wholesale) is checked block by block."""
    with api.env.adopt_roles(["Manager"]):
        repository = api.portal.get_tool("portal_repository")
        repository.save(obj=page, comment="first")
        page.blocks = {
            **page.blocks,
            "agenda": {"@type": "slate", "plaintext": "Agenda 2"},
            "notes": {"@type": "slate", "plaintext": "Notes 2"},
        }
    transaction.commit()
    alice, admin = api_session("editor-a"), api_session("siteadmin")
    token = lock(alice, ["blocks/notes"]).json()["token"]
    refused = admin.patch("page/@history", json={"version": 0})
    assert refused.status_code == 403
    assert refused.json()["error"]["fields"] == ["blocks/notes"]
    assert stored(page) == {"intro": "Intro", "agenda": "Agenda 2", "notes": "Notes 2"}

    # A lock on a block the revert leaves as it is does not stop it.
    alice.delete("page/@lock/blocks/notes", headers={"Lock-Token": token})
    lock(alice, ["blocks/intro"])
    assert admin.patch("page/@history", json={"version": 0}).status_code == 200
    assert stored(page) == {"intro": "Intro", "agenda": "Agenda", "notes": "Notes"}
    assert IItemLocks(fresh(page)).fragment_locks()["blocks/intro"].creator == "editor-a"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("merge", [True, False])
def test_json_constants_are_refused_and_nothing_is_written(api_session, page, constant, merge):
    """RFC 8259 has no NaN or infinities: a page that stored one could not be
    read back as JSON by Volto."""
    editor = api_session("editor-a")
    block = f'{{"@type": "slate", "plaintext": "Changed", "width": {constant}}}'
    if merge:
        body, headers = f'{{"blocks": {{"intro": {block}}}}}', MERGE
    else:
        body = f'{{"title": "Changed", "blocks": {{"intro": {block}}}}}'
        headers = {"Content-Type": "application/json"}
    response = editor.patch("page", data=body, headers=headers)
    assert response.status_code == 400, response.text
    assert constant in response.json()["error"]["message"]
    assert stored(page)["intro"] == "Intro" and page.Title() == "A page"
    assert editor.get("page").status_code == 200


def test_json_constants_in_a_new_item_are_refused(api_session, page):
    response = api_session("editor-a").post(
        "page",
        data='{"@type": "Document", "id": "nan", "title": "x", "rank": NaN}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert "nan" not in fresh(page).objectIds()
