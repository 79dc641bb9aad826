"""Workflow transitions and version reverts: a state change is not a field
write, the dates a transition sets are; a revert is a write of every field,
and never brings a lock back."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.helpers import fresh
from DateTime import DateTime
from plone import api
from plone.locking.interfaces import INonStealableLock

import transaction


def draft(make_content, effective=None):
    item = make_content("Document", "draft")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=item, transition="retract")
        item.setEffectiveDate(effective)
    transaction.commit()
    return item


def test_transition_changes_state_of_a_locked_item(api_session, make_content):
    item = draft(make_content, effective=DateTime("2026-01-01"))
    api_session("editor-a").post("draft/@lock")
    response = api_session("siteadmin").post("draft/@workflow/publish")
    assert response.status_code == 200
    assert api.content.get_state(obj=fresh(item)) == "published"


def test_first_publication_sets_a_date(api_session, make_content):
    """plone.restapi dates a first publication (``effective``): that is a
    field write, and waits for the lock covering it."""
    item = draft(make_content)
    api_session("editor-a").post("draft/@lock")
    response = api_session("siteadmin").post("draft/@workflow/publish")
    assert response.status_code == 403
    assert api.content.get_state(obj=fresh(item)) == "private"


def test_transition_with_dates_is_a_field_write(api_session, make_content):
    item = draft(make_content, effective=DateTime("2026-01-01"))
    api_session("editor-a").post("draft/@lock", json={"fragments": ["effective"]})
    response = api_session("siteadmin").post(
        "draft/@workflow/publish", json={"effective": "2030-01-01T00:00:00"}
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["type"] == "Forbidden"
    assert error["fields"] == ["effective"]
    assert error["locks"][0]["creator"] == "editor-a"
    fresh(item)
    assert api.content.get_state(obj=item) == "private"  # nothing changed
    assert item.effective_date.year() == 2026

    api_session("editor-a").delete("draft/@lock/effective")
    response = api_session("siteadmin").post(
        "draft/@workflow/publish", json={"effective": "2030-01-01T00:00:00"}
    )
    assert response.status_code == 200
    assert fresh(item).effective_date.year() == 2030


def save_version(doc, comment):
    fresh(doc)
    with api.env.adopt_roles(["Manager"]):
        api.portal.get_tool("portal_repository").save(obj=doc, comment=comment)
    transaction.commit()


def test_revert_is_refused_while_locked(api_session, doc):
    save_version(doc, "first")
    with api.env.adopt_roles(["Manager"]):
        doc.setTitle("Second title")
    transaction.commit()
    save_version(doc, "second")
    api_session("editor-a").post("page/@lock")
    response = api_session("siteadmin").patch("page/@history", json={"version": 0})
    assert response.status_code == 403
    assert fresh(doc).Title() == "Second title"
    assert IItemLocks(doc).resource_lock().creator == "editor-a"  # not stolen


def test_revert_does_not_bring_back_a_released_lock(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"stealable": False}).json()["token"]
    save_version(doc, "saved while locked")
    editor.delete("page/@lock", headers={"Lock-Token": token})

    response = api_session("siteadmin").patch("page/@history", json={"version": 0})
    assert response.status_code == 200
    fresh(doc)
    assert IItemLocks(doc).active() == []
    assert doc.wl_lockValues() == []
    assert not INonStealableLock.providedBy(doc)
    gone = editor.patch("page", headers={"Lock-Token": token}, json={"title": "x"})
    assert gone.status_code == 409
    assert gone.json()["error"]["reason"] == "released"


def test_revert_keeps_the_current_lock_of_its_owner(api_session, doc):
    editor = api_session("editor-a")
    save_version(doc, "before the lock")
    token = editor.post("page/@lock", json={"fragments": ["text"]}).json()["token"]
    response = api_session("siteadmin").patch("page/@history", json={"version": 0})
    assert response.status_code == 200  # the title is free, the text unchanged
    assert [lock.token for lock in IItemLocks(fresh(doc)).active()] == [token]
