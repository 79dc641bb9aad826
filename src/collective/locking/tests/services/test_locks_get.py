"""GET {folder or site}/@locks: the live locks of a subtree."""

from collective.locking import clock
from collective.locking.lock import isodate
from collective.locking.tests.helpers import viewable_by_managers_only
from plone import api

import pytest
import transaction


@pytest.fixture
def locked(api_session, make_content):
    """f/p (title: editor-a; description: editor-b), f/q (resource, editor-a,
    not stealable), beside (resource, editor-b)."""
    folder = make_content("Folder", "f")
    make_content("Document", "p", container=folder, title="Page P")
    make_content("Document", "q", container=folder)
    make_content("Document", "beside")
    a, b = api_session("editor-a"), api_session("editor-b")
    tokens = [
        a.post("f/p/@lock", json={"fragments": ["title"]}).json()["token"],
        b.post("f/p/@lock", json={"fragments": ["description"]}).json()["token"],
        a.post("f/q/@lock", json={"stealable": False, "timeout": 3600}).json()["token"],
        b.post("beside/@lock").json()["token"],
    ]
    return folder, tokens


def ids(response):
    assert response.status_code == 200, response.text
    return [item["@id"].split("/plone/", 1)[1] for item in response.json()["items"]]


def test_site_administrators_see_every_lock(api_session, locked):
    admin = api_session("siteadmin")
    response = admin.get("@locks")
    assert ids(response) == [
        "beside/@lock",
        "f/p/@lock/description",
        "f/p/@lock/title",
        "f/q/@lock",
    ]
    assert response.json()["items_total"] == 4
    for token in locked[1]:
        assert token not in response.text


def test_an_entry(api_session, locked):
    (entry,) = api_session("siteadmin").get("@locks", params={"fragment": "title"}).json()["items"]
    base = entry["@id"].split("/f/p/")[0]
    assert entry == {
        "@id": f"{base}/f/p/@lock/title",
        "kind": "fragment",
        "fragments": ["title"],
        "creator": "editor-a",
        "creator_name": "Editor A",
        "creator_url": f"{base}/author/editor-a",
        "created": entry["created"],
        "expires": entry["expires"],
        "timeout": 600,
        "stealable": True,
        "item": {
            "@id": f"{base}/f/p",
            "UID": api.content.get_uuid(api.content.get("/f/p")),
            "title": "Page P",
            "@type": "Document",
        },
    }


def test_others_see_their_own(api_session, locked):
    assert ids(api_session("editor-a").get("@locks")) == ["f/p/@lock/title", "f/q/@lock"]
    assert ids(api_session("editor-a").get("@locks", params={"creator": "editor-b"})) == []
    assert ids(api_session("reader").get("@locks")) == []


def test_anonymous_is_refused(api_session, locked):
    response = api_session().get("@locks")
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "Unauthorized"


def test_a_folder_lists_its_subtree(api_session, locked):
    assert ids(api_session("siteadmin").get("f/@locks")) == [
        "f/p/@lock/description",
        "f/p/@lock/title",
        "f/q/@lock",
    ]
    assert ids(api_session("siteadmin").get("f/q/@locks")) == ["f/q/@lock"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"creator": "editor-b"}, ["beside/@lock", "f/p/@lock/description"]),
        ({"kind": "resource"}, ["beside/@lock", "f/q/@lock"]),
        ({"kind": "fragment"}, ["f/p/@lock/description", "f/p/@lock/title"]),
        ({"fragment": "description"}, ["f/p/@lock/description"]),
        ({"stealable": "false"}, ["f/q/@lock"]),
        ({"creator": "editor-a", "kind": "fragment"}, ["f/p/@lock/title"]),
    ],
)
def test_filters(api_session, locked, query, expected):
    assert ids(api_session("siteadmin").get("@locks", params=query)) == expected


def test_expires_before_and_sorting(api_session, locked):
    soon = "2099-01-01T00:00:00Z"
    in_twenty_minutes = clock.now() + 1200
    admin = api_session("siteadmin")
    short = ids(admin.get("@locks", params={"expires_before": isodate(in_twenty_minutes)}))
    assert short == ["beside/@lock", "f/p/@lock/description", "f/p/@lock/title"]
    assert len(ids(admin.get("@locks", params={"expires_before": soon}))) == 4
    by_expiry = ids(admin.get("@locks", params={"sort_on": "expires", "sort_order": "descending"}))
    assert by_expiry[0] == "f/q/@lock"  # the hour-long one
    by_creation = ids(admin.get("@locks", params={"sort_on": "created"}))
    assert by_creation == [
        "f/p/@lock/title",
        "f/p/@lock/description",
        "f/q/@lock",
        "beside/@lock",
    ]


def test_batching(api_session, locked):
    response = api_session("siteadmin").get("@locks", params={"b_size": 2, "b_start": 2})
    body = response.json()
    assert ids(response) == ["f/p/@lock/title", "f/q/@lock"]
    assert body["items_total"] == 4
    assert set(body["batching"]) >= {"@id", "first", "last", "prev"}


def test_expired_locks_never_appear(api_session, make_content, monkeypatch):
    make_content("Document", "short")
    api_session("editor-a").post("short/@lock", json={"timeout": 1})
    later = clock.now() + 2
    monkeypatch.setattr(clock, "now", lambda: later)
    assert ids(api_session("siteadmin").get("@locks")) == []


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "both"},
        {"stealable": "yes"},
        {"expires_before": "soon"},
        {"sort_on": "title"},
        {"sort_order": "up"},
        {"b_size": "-1"},
        {"b_start": "x"},
        {"b_size": "5000"},
        {"owner": "editor-a"},  # unknown: never silently "all"
        {"creator": ""},  # empty: never silently "all"
        {"dry_run": "true"},  # a release's, not a listing's
    ],
)
def test_bad_queries_are_400(api_session, locked, query):
    response = api_session("siteadmin").get("@locks", params=query)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"


def test_unknown_subresource_is_404(api_session, locked):
    assert api_session("siteadmin").get("@locks/other").status_code == 404
    transaction.abort()


def test_only_items_one_may_view_now(api_session, locked):
    """editor-a keeps their lock on f/p's title but loses View on it: the
    listing, checked at listing time, no longer shows it, nor its title."""
    transaction.abort()  # see what the server committed
    with api.env.adopt_roles(["Manager"]):
        page = api.content.get("/f/p")
        viewable_by_managers_only(page)
    transaction.commit()
    response = api_session("editor-a").get("@locks")
    assert ids(response) == ["f/q/@lock"]
    assert response.json()["items_total"] == 1
    assert "Page P" not in response.text
    # A site administrator without View there does not see it either.
    admin = api_session("siteadmin")
    assert ids(admin.get("@locks")) == ["beside/@lock", "f/q/@lock"]
    assert admin.get("@locks").json()["items_total"] == 2
    assert ids(admin.get("f/@locks", params={"creator": "editor-b"})) == []
    # The manager still may: hidden per user, not for everyone.
    assert "f/p/@lock/title" in ids(api_session("manager").get("@locks"))
    # And when View comes back, so does the entry.
    with api.env.adopt_roles(["Manager"]):
        viewable_by_managers_only(page, undo=True)
    transaction.commit()
    assert ids(api_session("editor-a").get("@locks")) == ["f/p/@lock/title", "f/q/@lock"]
