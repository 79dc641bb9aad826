"""POST {item}/@lock: acquire a resource lock."""

from collective.locking.interfaces import LOCK_TYPE_NAME
from plone.locking.interfaces import INonStealableLock

import base64
import pytest
import transaction


COMPATIBLE_KEYS = {
    "locked",
    "stealable",
    "creator",
    "creator_name",
    "creator_url",
    "created",
    "time",
    "timeout",
    "name",
    "token",
}


def zope_locks(obj):
    transaction.begin()  # see what the server committed
    return obj.wl_lockValues()


@pytest.mark.parametrize("body", [None, {}, {"stealable": False}, {"timeout": 120}])
def test_plain_post_locks_with_compatible_keys(api_session, doc, body):
    editor = api_session("editor-a")
    response = (
        editor.post("page/@lock", json=body) if body is not None else editor.post("page/@lock")
    )
    assert response.status_code == 200
    info = response.json()
    assert COMPATIBLE_KEYS <= set(info)
    assert info["locked"] is True
    assert info["creator"] == "editor-a"
    assert info["creator_name"] == "Editor A"
    assert info["name"] == LOCK_TYPE_NAME
    assert info["timeout"] == (body or {}).get("timeout", 600)
    assert [item.getLockToken() for item in zope_locks(doc)] == [info["token"]]


def test_token_is_256_bits_from_secrets(api_session, doc):
    """256 random bits, then the item's mark (8 bytes)."""
    token = api_session("editor-a").post("page/@lock").json()["token"]
    random_part, mark = token.split(".")
    assert len(base64.b64decode(random_part + "=", altchars=b"-_", validate=True)) == 32
    assert len(base64.b64decode(mark + "=", altchars=b"-_", validate=True)) == 8


def test_tokens_differ_between_locks(api_session, make_document):
    editor = api_session("editor-a")
    tokens = set()
    for index in range(5):
        make_document(id=f"page-{index}")
        tokens.add(editor.post(f"page-{index}/@lock").json()["token"])
    assert len(tokens) == 5


def test_non_stealable_is_per_lock_and_marks_item(api_session, doc):
    info = api_session("editor-a").post("page/@lock", json={"stealable": False}).json()
    transaction.begin()
    assert INonStealableLock.providedBy(doc)
    other = api_session("editor-b").get("page/@lock").json()
    assert other["stealable"] is False
    assert info["stealable"] is True  # the owner may always release it


def test_relocking_own_lock_returns_same_token(api_session, doc):
    editor = api_session("editor-a")
    first = editor.post("page/@lock").json()
    second = editor.post("page/@lock", json={"timeout": 300}).json()
    assert second["token"] == first["token"]
    assert second["timeout"] == 300
    assert len(zope_locks(doc)) == 1


def test_other_editor_gets_200_without_token(api_session, doc):
    owner_token = api_session("editor-a").post("page/@lock").json()["token"]
    response = api_session("editor-b").post("page/@lock")
    assert response.status_code == 200
    info = response.json()
    assert info["locked"] is True
    assert info["creator"] == "editor-a"
    assert "token" not in info
    assert owner_token not in response.text
    assert [item.getLockToken() for item in zope_locks(doc)] == [owner_token]


def test_strict_handling_gives_409_with_public_info(api_session, doc):
    owner_token = api_session("editor-a").post("page/@lock").json()["token"]
    response = api_session("editor-b").post("page/@lock", headers={"Prefer": "handling=strict"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["type"] == "LockConflict"
    assert [lock["creator"] for lock in error["locks"]] == ["editor-a"]
    assert error["locks"][0]["kind"] == "resource"
    assert owner_token not in response.text


@pytest.mark.parametrize(
    "timeout",
    ["abc", "60", 1.5, True, False, None, -5, 0, 86401, 10**30, [], {}],
)
def test_bad_timeout_is_400_and_changes_nothing(api_session, doc, timeout):
    response = api_session("editor-a").post("page/@lock", json={"timeout": timeout})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "BadRequest"
    assert "timeout" in error["message"]
    assert zope_locks(doc) == []


def test_max_timeout_comes_from_registry(api_session, doc, functional_portal):
    from plone import api

    api.portal.set_registry_record("collective.locking.max_timeout", 100)
    transaction.commit()
    editor = api_session("editor-a")
    assert editor.post("page/@lock", json={"timeout": 101}).status_code == 400
    assert editor.post("page/@lock", json={"timeout": 100}).json()["timeout"] == 100


@pytest.mark.parametrize(
    "header,status,timeout",
    [
        ("Second-90", 200, 90),
        ("Infinite", 200, 86400),
        ("Second-0", 400, None),
        ("Second-abc", 400, None),
        ("90", 400, None),
    ],
)
def test_timeout_header(api_session, doc, header, status, timeout):
    response = api_session("editor-a").post("page/@lock", headers={"Timeout": header})
    assert response.status_code == status
    if timeout:
        assert response.json()["timeout"] == timeout
    else:
        assert zope_locks(doc) == []


@pytest.mark.parametrize(
    "data,message",
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('"text"', "JSON object"),
        ('{"colour": "red"}', "Unknown key"),
        ('{"stealable": "no"}', "stealable"),
        ('{"stealable": 0}', "stealable"),
        ('{"fragments": "title"}', "fragments"),
        (b"\xff\xfe", "UTF-8"),
        ('{"timeout": 60, "pad": "' + "x" * 20000 + '"}', "larger"),
        ('{"timeout": NaN}', "NaN is not a JSON number"),
        ('{"timeout": Infinity}', "Infinity is not a JSON number"),
        ('{"timeout": -Infinity}', "-Infinity is not a JSON number"),
    ],
)
def test_bad_body_is_400_json_and_changes_nothing(api_session, doc, data, message):
    response = api_session("editor-a").post(
        "page/@lock", data=data, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert message in response.json()["error"]["message"]
    assert zope_locks(doc) == []


def test_reader_and_anonymous_cannot_lock(api_session, doc):
    assert api_session("reader").post("page/@lock").status_code in (401, 403)
    assert api_session().post("page/@lock").status_code == 401
    assert zope_locks(doc) == []


def test_site_root_can_be_locked(api_session, functional_portal):
    response = api_session("siteadmin").post("@lock")
    assert response.status_code == 200
    assert response.json()["creator"] == "siteadmin"
    assert len(zope_locks(functional_portal)) == 1


def test_volto_relock_keeps_owner_settings(api_session, doc):
    editor = api_session("editor-a")
    first = editor.post("page/@lock", json={"stealable": False, "timeout": 3600}).json()
    again = editor.post("page/@lock", json={}).json()
    assert again["token"] == first["token"]
    assert again["timeout"] == 3600
    assert api_session("editor-b").get("page/@lock").json()["stealable"] is False


@pytest.mark.parametrize(
    "prefer", ["handling=strict", "handling = strict", 'respond-async, handling="strict"; x=1']
)
def test_strict_preference_as_rfc_7240_writes_it(api_session, doc, prefer):
    api_session("editor-a").post("page/@lock")
    response = api_session("editor-b").post("page/@lock", headers={"Prefer": prefer})
    assert response.status_code == 409


def test_plain_post_of_a_fragment_holder_answers_as_get(api_session, doc):
    editor = api_session("editor-a")
    token = editor.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    answer = editor.post("page/@lock")  # Volto's plain resource request
    assert answer.status_code == 200
    assert answer.json() == editor.get("page/@lock").json()
    assert answer.json()["locked"] is False
    assert answer.json()["fragments"]["title"]["token"] == token
