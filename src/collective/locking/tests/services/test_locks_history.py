"""GET {site}/@locks/history: who released whose lock, newest first. Forced
releases (other people's locks broken) are an audit trail kept apart from
bulk releases of one's own locks; each record holds exactly its size."""

from plone import api

import pytest
import transaction


@pytest.fixture
def broken(api_session, make_content):
    make_content("Document", "p")
    make_content("Document", "q")
    make_content("Document", "r")
    a = api_session("editor-a")
    tokens = [
        a.post("p/@lock", json={"fragments": ["title", "text"]}).json()["token"],
        a.post("q/@lock").json()["token"],
        a.post("r/@lock").json()["token"],
    ]
    admin = api_session("siteadmin")
    admin.delete("p/@lock/title", json={"force": True})  # forced, one fragment
    admin.delete("@locks", params={"creator": "editor-a", "kind": "fragment"})  # forced, bulk
    a.delete("@locks", params={"kind": "resource"})  # editor-a's own, in bulk
    return tokens


def summary(items):
    return [(item["how"], item["bulk"], item["kind"], item["fragments"]) for item in items]


def test_history_newest_first(api_session, broken):
    response = api_session("siteadmin").get("@locks/history")
    assert response.status_code == 200
    items = response.json()["items"]
    assert summary(items) == [
        ("released", True, "resource", []),
        ("released", True, "resource", []),
        ("forced", True, "fragment", ["text"]),
        ("forced", False, "fragment", ["title"]),
    ]
    assert [item["actor"] for item in items] == ["editor-a", "editor-a", "siteadmin", "siteadmin"]
    assert {item["creator"] for item in items} == {"editor-a"}
    assert items[-1]["item"]["@id"].endswith("/plone/p")
    assert items[-1]["item"]["UID"] == api.content.get_uuid(api.content.get("/p"))
    for token in broken:
        assert token not in response.text


def test_each_record_alone(api_session, broken):
    admin = api_session("siteadmin")
    forced = admin.get("@locks/history", params={"how": "forced"}).json()
    assert forced["items_total"] == 2 and {item["how"] for item in forced["items"]} == {"forced"}
    released = admin.get("@locks/history", params={"how": "released"}).json()
    assert released["items_total"] == 2
    assert admin.get("@locks/history", params={"how": "bulk"}).status_code == 400
    assert admin.get("@locks/history", params={"hw": "forced"}).status_code == 400


def test_history_is_for_site_administrators(api_session, broken):
    assert api_session("editor-a").get("@locks/history").status_code == 403
    assert api_session().get("@locks/history").status_code == 401
    assert api_session("siteadmin").get("p/@locks/history").status_code == 404


def test_nothing_writes_or_clears_it_through_the_web(api_session, broken):
    admin = api_session("siteadmin")
    for method in ("DELETE", "POST", "PATCH", "PUT"):
        response = admin.request(method, "@locks/history", json={})
        assert response.status_code in (404, 405), (method, response.status_code)
    assert admin.get("@locks/history").json()["items_total"] == 4


def set_size(size):
    api.portal.set_registry_record("collective.locking.history_size", size)
    transaction.commit()


def test_history_holds_exactly_its_size(api_session, make_content, functional_portal):
    set_size(3)
    make_content("Document", "p")
    for _round in range(6):
        api_session("editor-a").post("p/@lock")
        api_session("siteadmin").delete("p/@lock", json={"force": True})
    body = api_session("siteadmin").get("@locks/history").json()
    assert body["items_total"] == 3 and len(body["items"]) == 3


def test_own_releases_cannot_push_the_audit_trail_out(api_session, make_content):
    set_size(2)
    for name in ("p", "q"):
        make_content("Document", name)
        api_session("editor-b").post(f"{name}/@lock")
        api_session("editor-a").delete(f"{name}/@lock", json={"force": True})  # broken
    editor = api_session("editor-a")
    for number in range(5):
        make_content("Document", f"mine{number}")
        editor.post(f"mine{number}/@lock")
        editor.delete("@locks", params={"creator": "editor-a"})  # own, in bulk
    items = api_session("siteadmin").get("@locks/history").json()["items"]
    forced = [item for item in items if item["how"] == "forced"]
    assert [(item["actor"], item["creator"]) for item in forced] == [("editor-a", "editor-b")] * 2
    assert sum(item["how"] == "released" for item in items) == 2


def test_a_smaller_size_trims_at_once(api_session, broken):
    response = api_session("siteadmin").patch("@controlpanels/locking", json={"history_size": 1})
    assert response.status_code == 204, response.text
    body = api_session("siteadmin").get("@locks/history").json()
    assert summary(body["items"]) == [
        ("released", True, "resource", []),
        ("forced", True, "fragment", ["text"]),
    ]


def test_history_is_batched(api_session, broken):
    body = api_session("siteadmin").get("@locks/history", params={"b_size": 1}).json()
    assert body["items_total"] == 4 and len(body["items"]) == 1 and "batching" in body
    second = api_session("siteadmin").get("@locks/history", params={"b_size": 1, "b_start": 1})
    assert summary(second.json()["items"]) == [("released", True, "resource", [])]
