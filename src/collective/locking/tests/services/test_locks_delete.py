"""DELETE {folder or site}/@locks: bulk release, within the permission rules."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.helpers import fresh
from collective.locking.tests.helpers import viewable_by_managers_only
from plone import api

import pytest
import transaction


@pytest.fixture
def locked(api_session, make_content):
    folder = make_content("Folder", "f")
    make_content("Document", "p", container=folder)
    make_content("Document", "q", container=folder)
    make_content("Document", "beside")
    a, b = api_session("editor-a"), api_session("editor-b")
    a.post("f/p/@lock", json={"fragments": ["title"]})
    b.post("f/p/@lock", json={"fragments": ["description"]})
    a.post("f/q/@lock", json={"stealable": False})
    b.post("beside/@lock")
    return folder


def uris(items):
    return sorted(item["@id"].split("/plone/", 1)[1] for item in items)


def remaining(portal):
    fresh(portal)
    paths = [("f", "p"), ("f", "q"), ("beside",)]
    items = [portal.unrestrictedTraverse("/".join(path)) for path in paths]
    return sorted(
        ("/".join(path), lock.kind, lock.creator)
        for path, item in zip(paths, items, strict=True)
        for lock in IItemLocks(item).active()
    )


def test_site_administrator_releases_a_subtree(api_session, locked, functional_portal):
    response = api_session("siteadmin").delete("f/@locks")
    assert response.status_code == 200
    body = response.json()
    assert uris(body["released"]) == ["f/p/@lock/description", "f/p/@lock/title", "f/q/@lock"]
    assert body["refused"] == []
    assert "token" not in response.text
    assert remaining(functional_portal) == [("beside", "resource", "editor-b")]


def test_filters_choose(api_session, locked, functional_portal):
    response = api_session("siteadmin").delete("@locks", params={"creator": "editor-b"})
    assert uris(response.json()["released"]) == ["beside/@lock", "f/p/@lock/description"]
    assert remaining(functional_portal) == [
        ("f/p", "fragment", "editor-a"),
        ("f/q", "resource", "editor-a"),
    ]


def test_lock_uris_in_the_body(api_session, locked, functional_portal):
    base = functional_portal.absolute_url()
    response = api_session("siteadmin").delete(
        "@locks",
        json={
            "locks": [f"{base}/f/p/@lock/title", f"{base}/++api++/beside/@lock", f"{base}/f/@lock"]
        },
    )
    body = response.json()
    assert uris(body["released"]) == ["beside/@lock", "f/p/@lock/title"]
    assert [entry["reason"] for entry in body["refused"]] == ["There is no such lock."]
    assert ("f/p", "fragment", "editor-b") in remaining(functional_portal)


def test_uris_outside_the_subtree_are_400_and_nothing_happens(
    api_session, locked, functional_portal
):
    base = functional_portal.absolute_url()
    response = api_session("siteadmin").delete(
        "f/@locks", json={"locks": [f"{base}/f/p/@lock/title", f"{base}/beside/@lock"]}
    )
    assert response.status_code == 400
    assert len(remaining(functional_portal)) == 4


def test_others_release_only_their_own(api_session, locked, functional_portal):
    response = api_session("editor-a").delete("@locks")
    assert uris(response.json()["released"]) == ["f/p/@lock/title", "f/q/@lock"]
    assert remaining(functional_portal) == [
        ("beside", "resource", "editor-b"),
        ("f/p", "fragment", "editor-b"),
    ]
    base = functional_portal.absolute_url()
    response = api_session("editor-a").delete("@locks", json={"locks": [f"{base}/beside/@lock"]})
    assert response.json()["released"] == []
    assert len(remaining(functional_portal)) == 2


@pytest.fixture
def without_break_locks(functional_portal):
    """Site administrators without "Break locks" (taken away for this site)."""
    with api.env.adopt_roles(["Manager"]):
        functional_portal.manage_permission(
            "collective.locking: Break locks", roles=["Manager"], acquire=False
        )
    transaction.commit()


def test_non_stealable_needs_break_locks(
    api_session, locked, functional_portal, without_break_locks
):
    response = api_session("siteadmin").delete("f/@locks")
    body = response.json()
    assert uris(body["released"]) == ["f/p/@lock/description", "f/p/@lock/title"]
    assert uris(body["refused"]) == ["f/q/@lock"]
    assert "stealable" in body["refused"][0]["reason"]
    assert ("f/q", "resource", "editor-a") in remaining(functional_portal)


def test_anonymous_is_refused(api_session, locked, functional_portal):
    assert api_session().delete("@locks").status_code == 401
    assert len(remaining(functional_portal)) == 4


# A typo never widens a release.


@pytest.mark.parametrize(
    "params, named",
    [
        ({"owner": "nobody"}, "owner"),  # misspelt creator
        ({"creatr": "editor-a"}, "creatr"),
        ({"creator": "editor-a", "kindd": "fragment"}, "kindd"),
        ({"creator": ""}, "creator"),  # empty: not "any"
        ({"kind": " "}, "kind"),
        ({"b_size": "5"}, "b_size"),  # a listing's parameter, not a release's
    ],
)
def test_unknown_or_empty_parameters_release_nothing(
    api_session, locked, functional_portal, params, named
):
    response = api_session("siteadmin").delete("f/@locks", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "BadRequest" and named in error["message"]
    assert len(remaining(functional_portal)) == 4


def test_unknown_body_keys_release_nothing(api_session, locked, functional_portal):
    response = api_session("siteadmin").delete("f/@locks", json={"lock": []})
    assert response.status_code == 400 and "lock" in response.json()["error"]["message"]
    assert len(remaining(functional_portal)) == 4


def test_filters_and_a_list_at_once_are_refused(api_session, locked, functional_portal):
    base = functional_portal.absolute_url()
    response = api_session("siteadmin").delete(
        "@locks", params={"creator": "editor-b"}, json={"locks": [f"{base}/f/p/@lock/title"]}
    )
    assert response.status_code == 400
    assert len(remaining(functional_portal)) == 4


def test_deleting_the_history_is_not_a_release(api_session, locked, functional_portal):
    admin = api_session("siteadmin")
    response = admin.delete("@locks/history")
    assert response.status_code == 405
    assert response.json()["error"]["type"] == "MethodNotAllowed"
    assert admin.delete("f/@locks/anything").status_code == 404
    assert admin.delete("@locks/f/p").status_code == 404
    assert len(remaining(functional_portal)) == 4


def test_dry_run_tells_and_releases_nothing(
    api_session, locked, functional_portal, without_break_locks
):
    admin = api_session("siteadmin")
    dry = admin.delete("f/@locks", params={"dry_run": "true"})
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True
    assert uris(dry.json()["released"]) == ["f/p/@lock/description", "f/p/@lock/title"]
    assert uris(dry.json()["refused"]) == ["f/q/@lock"]
    assert len(remaining(functional_portal)) == 4
    assert admin.get("@locks/history").json()["items_total"] == 0
    # The real release does what the dry run said.
    real = admin.delete("f/@locks").json()
    assert uris(real["released"]) == uris(dry.json()["released"])
    assert [entry["reason"] for entry in real["refused"]] == [
        entry["reason"] for entry in dry.json()["refused"]
    ]
    assert remaining(functional_portal) == [
        ("beside", "resource", "editor-b"),
        ("f/q", "resource", "editor-a"),
    ]


def test_dry_run_of_a_list_and_for_an_editor(api_session, locked, functional_portal):
    base = functional_portal.absolute_url()
    response = api_session("editor-a").delete(
        "@locks",
        params={"dry_run": "true"},
        json={"locks": [f"{base}/f/p/@lock/title", f"{base}/beside/@lock"]},
    )
    body = response.json()
    assert uris(body["released"]) == ["f/p/@lock/title"]
    assert [entry["reason"] for entry in body["refused"]] == ["There is no such lock."]
    assert len(remaining(functional_portal)) == 4


@pytest.mark.parametrize("value", ["yes", "1", "", "TRUE"])
def test_dry_run_takes_true_or_false(api_session, locked, functional_portal, value):
    response = api_session("siteadmin").delete("f/@locks", params={"dry_run": value})
    assert response.status_code == 400
    assert len(remaining(functional_portal)) == 4


def test_locks_on_items_one_may_no_longer_view_are_not_released(
    api_session, locked, functional_portal
):
    transaction.abort()  # see what the server committed
    with api.env.adopt_roles(["Manager"]):
        viewable_by_managers_only(functional_portal["f"]["q"])
    transaction.commit()
    response = api_session("editor-a").delete("@locks")
    assert uris(response.json()["released"]) == ["f/p/@lock/title"]
    assert ("f/q", "resource", "editor-a") in remaining(functional_portal)
