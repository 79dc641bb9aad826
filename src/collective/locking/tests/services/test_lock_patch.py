"""PATCH {item}/@lock: refresh a lock."""

import time
import transaction


def test_refresh_own_lock_without_token(api_session, doc):
    editor = api_session("editor-a")
    before = editor.post("page/@lock", json={"timeout": 60}).json()
    time.sleep(1.1)
    response = editor.patch("page/@lock")
    assert response.status_code == 200
    after = response.json()
    assert after["token"] == before["token"]
    assert after["time"] > before["time"]
    assert after["expires"] > before["expires"]
    transaction.begin()
    assert doc.wl_lockValues()[0].getModifiedTime() >= after["time"] - 1


def test_refresh_with_token_and_new_timeout(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    response = editor.patch("page/@lock", headers={"Lock-Token": token}, json={"timeout": 900})
    assert response.status_code == 200
    assert response.json()["timeout"] == 900


def test_other_user_has_nothing_to_refresh(api_session, doc):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").patch("page/@lock")
    assert response.status_code == 409
    assert response.json()["error"]["type"] == "LockNotHeld"


def test_bad_timeout_is_400(api_session, doc):
    editor = api_session("editor-a")
    editor.post("page/@lock", json={"timeout": 60})
    response = editor.patch("page/@lock", json={"timeout": "soon"})
    assert response.status_code == 400
    assert editor.get("page/@lock").json()["timeout"] == 60


def test_released_token_says_released(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    editor.delete("page/@lock")
    response = editor.patch("page/@lock", headers={"Lock-Token": token})
    assert response.status_code == 409
    assert response.json()["error"]["type"] == "LockGone"
    assert response.json()["error"]["reason"] == "released"


def test_forced_token_says_forced(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock").json()["token"]
    api_session("editor-b").delete("page/@lock", json={"force": True})
    response = editor.patch("page/@lock", headers={"Lock-Token": token})
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "forced"


def test_expired_token_says_expired(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"timeout": 1}).json()["token"]
    time.sleep(1.2)
    assert editor.get("page/@lock").json()["locked"] is False
    response = editor.patch("page/@lock", headers={"Lock-Token": token})
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "expired"
    # Still "expired" once a later change has cleaned the lock up.
    editor.post("page/@lock")
    response = editor.patch("page/@lock", headers={"Lock-Token": token})
    assert response.json()["error"]["reason"] == "expired"


def test_unknown_token(api_session, doc):
    response = api_session("editor-a").patch("page/@lock", headers={"Lock-Token": "nope"})
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == "unknown"
