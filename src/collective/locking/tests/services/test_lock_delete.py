"""DELETE {item}/@lock: release, or force the release of, locks."""

from collective.locking.interfaces import ILockForceReleasedEvent
from collective.locking.interfaces import ILockReleasedEvent
from plone.locking.interfaces import INonStealableLock
from zope.component import getGlobalSiteManager

import logging
import pytest
import transaction


def is_locked(doc):
    transaction.begin()
    return bool(doc.wl_lockValues())


@pytest.mark.parametrize("body", [None, {}, {"force": True}])
def test_owner_unlocks(api_session, doc, body):
    editor = api_session("editor-a")
    editor.post("page/@lock")
    response = (
        editor.delete("page/@lock", json=body) if body is not None else editor.delete("page/@lock")
    )
    assert response.status_code == 200
    assert response.json() == {"locked": False, "stealable": True}
    assert not is_locked(doc)


def test_owner_unlocks_with_token(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    response = editor.delete("page/@lock", headers={"Lock-Token": token})
    assert response.status_code == 200
    assert not is_locked(doc)


def test_plain_delete_by_other_changes_nothing(api_session, doc):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").delete("page/@lock")
    assert response.status_code == 200
    assert response.json()["locked"] is True
    assert "token" not in response.json()
    assert is_locked(doc)


def test_strict_delete_by_other_is_409(api_session, doc):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").delete("page/@lock", headers={"Prefer": "handling=strict"})
    assert response.status_code == 409
    assert is_locked(doc)


def test_force_releases_stealable_lock_and_logs(api_session, doc, caplog):
    token = api_session("editor-a").post("page/@lock").json()["token"]
    with caplog.at_level(logging.INFO, logger="collective.locking"):
        response = api_session("editor-b").delete("page/@lock", json={"force": True})
    assert response.status_code == 200
    assert response.json()["locked"] is False
    assert not is_locked(doc)
    messages = [record.getMessage() for record in caplog.records]
    assert any(
        "force-released by editor-b" in message
        and "owned by editor-a" in message
        and "/plone/page" in message
        for message in messages
    )
    assert not any(token in message for message in messages)


def test_non_stealable_survives_any_number_of_forced_deletes(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"stealable": False})
    other = api_session("editor-b")
    for _attempt in range(3):
        response = other.delete("page/@lock", json={"force": True})
        assert response.status_code == 200
        assert response.json()["locked"] is True
    assert is_locked(doc)
    assert INonStealableLock.providedBy(doc)
    strict = other.delete("page/@lock", json={"force": True}, headers={"Prefer": "handling=strict"})
    assert strict.status_code == 403
    assert strict.json()["error"]["type"] == "LockNotBreakable"
    assert is_locked(doc)


def test_site_administrator_breaks_non_stealable_lock(api_session, doc):
    api_session("editor-a").post("page/@lock", json={"stealable": False})
    response = api_session("siteadmin").delete("page/@lock", json={"force": True})
    assert response.status_code == 200
    assert response.json()["locked"] is False
    assert not is_locked(doc)
    assert not INonStealableLock.providedBy(doc)


def test_reader_cannot_force(api_session, doc):
    api_session("editor-a").post("page/@lock")
    response = api_session("reader").delete("page/@lock", json={"force": True})
    assert response.status_code in (401, 403)
    assert is_locked(doc)


@pytest.mark.parametrize("data", ['{"force": "yes"}', '{"forced": true}', "[]", "x"])
def test_bad_body_is_400(api_session, doc, data):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").delete(
        "page/@lock", data=data, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert is_locked(doc)


def test_dead_token_is_409(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    editor.delete("page/@lock")
    response = editor.delete("page/@lock", headers={"Lock-Token": token})
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "released"


def test_release_and_force_fire_events(api_session, doc):
    seen = []

    def record(obj, event):
        seen.append((type(event).__name__, getattr(event, "actor", None), event.lock.creator))

    registry = getGlobalSiteManager()
    for interface in (ILockReleasedEvent, ILockForceReleasedEvent):
        registry.registerHandler(record, (None, interface))
    try:
        editor = api_session("editor-a")
        editor.post("page/@lock")
        editor.delete("page/@lock")
        editor.post("page/@lock")
        api_session("editor-b").delete("page/@lock", json={"force": True})
    finally:
        for interface in (ILockReleasedEvent, ILockForceReleasedEvent):
            registry.unregisterHandler(record, (None, interface))
    assert seen == [
        ("LockReleasedEvent", None, "editor-a"),
        ("LockForceReleasedEvent", "editor-b", "editor-a"),
    ]
