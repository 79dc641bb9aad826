"""Teaser blocks: plone.restapi re-renders them on every save (their link
becomes a ``resolveuid`` link, the target's summary is copied in), so a save
that leaves a teaser alone would still change its stored value. A block the
editor did not change is not a write: two editors of different blocks of a
page with teasers both save, whoever holds the teaser."""

from collective.locking.tests.helpers import fresh
from plone import api

import copy
import pytest
import transaction


MERGE = {"Content-Type": "application/merge-patch+json"}


@pytest.fixture
def page(make_document, functional_portal):
    target = make_document("target", title="Target")
    page = make_document("page")
    with api.env.adopt_roles(["Manager"]):
        # As an older save leaves a teaser: a resolveuid link and a summary
        # of the target as it was then.
        page.blocks = {
            "intro": {"@type": "slate", "plaintext": "Intro"},
            "teaser": {
                "@type": "teaser",
                "overwrite": False,
                "title": "Target",
                "href": [{"@id": f"../resolveuid/{target.UID()}", "title": "Target"}],
            },
            "notes": {"@type": "slate", "plaintext": "Notes"},
        }
        page.blocks_layout = {"items": ["intro", "teaser", "notes"]}
        target.title = "Target, renamed since"
        target.reindexObject()
    transaction.commit()
    return page


def lock(session, fragments):
    return session.post("page/@lock", json={"fragments": fragments}).json()["token"]


def test_saving_another_block_leaves_a_held_teaser_alone(api_session, page):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    lock(alice, ["blocks/teaser"])
    teaser = copy.deepcopy(page.blocks["teaser"])
    token = lock(bob, ["blocks/intro"])
    merged = bob.patch(
        "page",
        headers={**MERGE, "Lock-Token": token},
        json={"blocks": {"intro": {"plaintext": "Bob's intro"}}},
    )
    assert merged.status_code == 204, merged.text
    # Volto's way: every block, as GET gave them, one of them changed.
    blocks = bob.get("page").json()["blocks"]
    blocks["notes"] = {**blocks["notes"], "plaintext": "Bob's notes"}
    token = lock(bob, ["blocks/notes"])
    plain = bob.patch("page", headers={"Lock-Token": token}, json={"blocks": blocks})
    assert plain.status_code == 204, plain.text
    stored = fresh(page).blocks
    assert stored["intro"]["plaintext"] == "Bob's intro"
    assert stored["notes"]["plaintext"] == "Bob's notes"
    assert stored["teaser"] == teaser  # not written: its holder's


def test_two_editors_save_a_teaser_and_another_block(api_session, page):
    alice, bob = api_session("editor-a"), api_session("editor-b")
    alice_token = lock(alice, ["blocks/teaser"])
    bob_token = lock(bob, ["blocks/intro"])
    teaser = alice.get("page").json()["blocks"]["teaser"]
    saved = alice.patch(
        "page",
        headers={**MERGE, "Lock-Token": alice_token},
        json={"blocks": {"teaser": {**teaser, "title": "Alice's teaser", "overwrite": True}}},
    )
    assert saved.status_code == 204, saved.text
    saved = bob.patch(
        "page",
        headers={**MERGE, "Lock-Token": bob_token},
        json={"blocks": {"intro": {"plaintext": "Bob's intro"}}},
    )
    assert saved.status_code == 204, saved.text
    stored = fresh(page).blocks
    assert stored["teaser"]["title"] == "Alice's teaser"
    assert stored["teaser"]["href"][0]["@id"].startswith("../resolveuid/")
    assert stored["intro"]["plaintext"] == "Bob's intro"
