"""The write guard's cost: it reads an item's committed state only when a
lock on the item holds against the request, to see what the request wrote."""

from collective.locking import zodb
from collective.locking.tests.helpers import fresh

import pytest


@pytest.fixture
def reads(monkeypatch):
    """How many times the guard read an item's committed state."""
    counted = []
    read = zodb.committed_state

    def counting(connection, obj):
        counted.append(obj.getId())
        return read(connection, obj)

    monkeypatch.setattr(zodb, "committed_state", counting)
    return counted


def test_a_request_that_opens_every_lock_reads_nothing_more(api_session, make_document, reads):
    page = make_document("page")
    alice = api_session("editor-a")
    token = alice.post("page/@lock").json()["token"]
    saved = alice.patch("page", headers={"Lock-Token": token}, json={"title": "Alice's"})
    assert saved.status_code == 204, saved.text
    assert reads == []
    assert fresh(page).Title() == "Alice's"


def test_a_lock_held_against_the_request_makes_the_guard_compare(api_session, make_document, reads):
    page = make_document("page")
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    saved = api_session("editor-b").patch("page", json={"description": "Bob's"})
    assert saved.status_code == 204, saved.text
    assert reads == ["page"]
    assert fresh(page).Description() == "Bob's"
