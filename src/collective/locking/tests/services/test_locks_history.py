"""GET {site}/@locks/history: who broke whose lock, newest first."""

from plone import api

import pytest
import transaction


@pytest.fixture
def broken(api_session, make_content):
    make_content("Document", "p")
    make_content("Document", "q")
    a = api_session("editor-a")
    tokens = [
        a.post("p/@lock", json={"fragments": ["title", "text"]}).json()["token"],
        a.post("q/@lock").json()["token"],
    ]
    admin = api_session("siteadmin")
    admin.delete("p/@lock/title", json={"force": True})  # forced, one fragment
    admin.delete("@locks", params={"creator": "editor-a"})  # bulk
    return tokens


def test_history_newest_first(api_session, broken):
    response = api_session("siteadmin").get("@locks/history")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["how"], item["kind"], item["fragments"]) for item in items] == [
        ("bulk", "resource", []),
        ("bulk", "fragment", ["text"]),
        ("forced", "fragment", ["title"]),
    ]
    assert {item["actor"] for item in items} == {"siteadmin"}
    assert {item["creator"] for item in items} == {"editor-a"}
    assert items[-1]["item"]["@id"].endswith("/plone/p")
    assert items[-1]["item"]["UID"] == api.content.get_uuid(api.content.get("/p"))
    for token in broken:
        assert token not in response.text


def test_history_is_for_site_administrators(api_session, broken):
    assert api_session("editor-a").get("@locks/history").status_code == 403
    assert api_session().get("@locks/history").status_code == 401
    assert api_session("siteadmin").get("p/@locks/history").status_code == 404


def test_history_is_bounded(api_session, make_content, functional_portal):
    api.portal.set_registry_record("collective.locking.history_size", 3)
    transaction.commit()
    make_content("Document", "p")
    for _round in range(6):
        api_session("editor-a").post("p/@lock")
        api_session("siteadmin").delete("p/@lock", json={"force": True})
    items = api_session("siteadmin").get("@locks/history").json()["items"]
    assert 3 <= len(items) <= 4  # trimmed once it is a tenth over its size


def test_history_is_batched(api_session, broken):
    body = api_session("siteadmin").get("@locks/history", params={"b_size": 1}).json()
    assert body["items_total"] == 3 and len(body["items"]) == 1 and "batching" in body
