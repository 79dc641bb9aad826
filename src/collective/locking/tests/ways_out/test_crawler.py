"""The crawler: on a site with locks of every kind on every content type,
every user (anonymous and each role) requests every way out (the REST API,
the classic views and viewlets, plone.app.caching's headers, WebDAV, the
error log) and finds no token of a lock they do not own."""

from collective.locking.interfaces import IItemLocks
from collective.locking.testing import USERS
from plone import api
from plone.app.textfield import RichTextValue
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage

import pytest
import requests
import transaction


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

CONTENT = [
    ("Document", "doc-resource", {}),
    ("Document", "doc-fragments", {}),
    ("Document", "doc-classic", {}),
    ("Document", "doc-iterate", {}),
    ("News Item", "news", {}),
    ("News Item", "news-dav", {}),
    ("Event", "event", {}),
    ("Link", "link", {"remoteUrl": "https://plone.org"}),
    ("File", "file", {"file": lambda: NamedBlobFile(b"data", filename="data.txt")}),
    ("Image", "image", {"image": lambda: NamedBlobImage(PNG, filename="pixel.png")}),
    ("Folder", "folder", {}),
    ("Collection", "collection", {}),
]

#: (login, path, body): the locks, taken through the ways users take them.
REST_LOCKS = [
    ("editor-a", "doc-resource", {"stealable": False}),
    ("editor-a", "doc-fragments", {"fragments": ["title"]}),
    ("editor-b", "doc-fragments", {"fragments": ["description", "text"]}),
    ("editor-a", "news", {}),
    ("editor-b", "event", {"fragments": ["text"]}),
    ("editor-b", "link", {}),
    ("editor-b", "file", {}),
    ("editor-a", "image", {"fragments": ["title"]}),
    ("editor-a", "folder", {"fragments": ["description"]}),
    ("editor-b", "folder/inner", {}),
    ("editor-a", "collection", {}),
    ("siteadmin", "", {"fragments": ["title"]}),
]

LOCK_BODY = (
    '<?xml version="1.0"?><d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/>'
    "</d:lockscope><d:locktype><d:write/></d:locktype><d:owner>dav</d:owner></d:lockinfo>"
)

VIEWERS = [
    None,
    "reader",
    "contributor",
    "editor-a",
    "editor-b",
    "reviewer",
    "siteadmin",
    "manager",
]


def session(login=None, accept="application/json"):
    """A client that shows every answer as it is (redirects not followed:
    a Link's view sends browsers to its remote URL)."""
    browser = requests.Session()
    browser.headers["Accept"] = accept
    if login:
        browser.auth = (login, USERS[login][0])
    request = browser.request

    def unredirected(method, url, **kwargs):
        kwargs["allow_redirects"] = False
        return request(method, url, **kwargs)

    browser.request = unredirected
    return browser


def make_content(portal):
    with api.env.adopt_roles(["Manager"]):
        for type_name, id, fields in CONTENT:
            values = {key: value() if callable(value) else value for key, value in fields.items()}
            obj = api.content.create(
                container=portal, type=type_name, id=id, title=f"The {id}", **values
            )
            if type_name in ("Document", "News Item", "Event"):
                obj.text = RichTextValue("<p>Body</p>", "text/html", "text/html")
        api.content.create(container=portal["folder"], type="Document", id="inner", title="Inner")
        portal["collection"].query = [
            {"i": "portal_type", "o": "plone.app.querystring.operation.selection.any",
             "v": ["Document", "News Item", "Event"]}
        ]  # fmt: skip
        for obj in [portal[id] for _type, id, _fields in CONTENT] + [portal["folder"]["inner"]]:
            if api.content.get_state(obj=obj, default=None) == "private":
                api.content.transition(obj=obj, transition="publish")
    transaction.commit()


def take_locks(portal):
    base = portal.absolute_url()
    for login, path, body in REST_LOCKS:
        response = session(login).post(f"{base}/{path}/@lock".replace("//@", "/@"), json=body)
        assert response.status_code == 200, (login, path, response.text)
    # The classic edit form takes its lock on opening.
    assert session("editor-b", "text/html").get(f"{base}/doc-classic/@@edit").ok
    # plone.app.iterate's check-out lock, and a WebDAV lock.
    assert session("siteadmin").post(f"{base}/doc-iterate/@workingcopy").status_code == 201
    assert session("manager").request("LOCK", f"{base}/news-dav", data=LOCK_BODY).ok


def log_errors_with_tokens(portal):
    """Requests refused under the entry points, carrying their owner's
    token: Zope's error log records them, headers and all."""
    base = portal.absolute_url()
    transaction.begin()
    own = IItemLocks(portal["doc-fragments"]).fragment_locks()["title"].token
    headers = {"Lock-Token": own, "If": f"(<opaquelocktoken:{own}>)"}
    body = "description: Overwritten\nContent-Type: text/html\n\n<p>x</p>"
    dav = session("editor-a", "text/html")  # plone.rest would take a JSON PUT
    refused = dav.put(f"{base}/doc-fragments", data=body, headers=headers)
    assert refused.status_code == 403


def all_tokens(portal):
    transaction.begin()
    items = [portal] + [portal[id] for _type, id, _fields in CONTENT] + [portal["folder"]["inner"]]
    return {lock.token: lock.creator for item in items for lock in IItemLocks(item).active()}


@pytest.fixture
def locked_site(caching_functional):
    portal = caching_functional["portal"]
    make_content(portal)
    take_locks(portal)
    tokens = all_tokens(portal)
    assert {"editor-a", "editor-b", "siteadmin", "manager"} <= set(tokens.values())
    log_errors_with_tokens(portal)
    return portal, tokens


def ways_out(portal, login):
    """Every request a user's client or browser makes that shows locks."""
    base = portal.absolute_url()
    paths = [""] + [id for _type, id, _fields in CONTENT] + ["folder/inner"]
    rest, html = session(login), session(login, "text/html")
    expand = "breadcrumbs,navigation,actions,types,workflow,contextnavigation"
    for path in paths:
        url = f"{base}/{path}".rstrip("/")
        yield rest.get(url)
        yield rest.get(url, params={"expand": expand})
        yield rest.get(url, params={"fullobjects": 1})
        yield rest.get(f"{url}/@lock")
        for fragment in ("title", "description", "text"):
            yield rest.get(f"{url}/@lock/{fragment}")
        yield html.get(url)
        yield html.get(f"{url}/view")
        yield html.get(f"{url}/@@edit")
        yield html.get(f"{url}/@@plone_lock_info/lock_info")
        yield html.get(f"{url}/@@plone_lock_info/is_locked")
        yield rest.request("PROPFIND", url, headers={"Depth": "1"})
    yield rest.get(f"{base}/@search", params={"fullobjects": 1, "b_size": 100})
    yield rest.get(f"{base}/@search", params={"fullobjects": 1, "portal_type": "Collection"})
    yield rest.post(
        f"{base}/@querystring-search",
        json={
            "query": [
                {"i": "path", "o": "plone.app.querystring.operation.string.path", "v": "/"}
            ],  # fmt: skip
            "fullobjects": 1,
            "b_size": 100,
        },
    )
    yield rest.get(f"{base}/collection/@querystring-search", params={"fullobjects": 1})
    yield rest.get(f"{base}/@locks", params={"b_size": 100})
    yield rest.get(f"{base}/@locks/history")
    yield html.get(f"{base}/folder/folder_contents")
    yield html.get(f"{base}/@@search", params={"SearchableText": "The"})
    transaction.begin()
    yield html.get(f"{base}/error_log/manage_main")
    for entry in portal.error_log.getLogEntries():
        yield html.get(f"{base}/error_log/showEntry", params={"id": entry["id"]})


def shown(response):
    """Everything a response shows: its body and every header."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return f"{headers}\n{response.text}"


@pytest.mark.parametrize("login", VIEWERS, ids=[login or "anonymous" for login in VIEWERS])
def test_no_token_reaches_anyone_but_its_owner(locked_site, login):
    portal, tokens = locked_site
    foreign = {token for token, owner in tokens.items() if owner != login}
    own = set(tokens) - foreign
    seen, own_seen = 0, set()
    for response in ways_out(portal, login):
        seen += 1
        text = shown(response)
        leaked = [token for token in foreign if token in text]
        assert not leaked, f"{login} got {tokens[leaked[0]]}'s token from {response.url}"
        assert response.status_code < 500, (response.url, response.status_code)
        own_seen |= {token for token in own if token in text}
    assert seen > 180
    # The crawler sees tokens where they are shown: owners get their own.
    assert own_seen == own


def test_etags_are_built_with_the_locked_component(locked_site):
    """plone.app.caching's ETags are on (REST GETs included), and the owner's
    one changes with the lock: the component is there to leak from."""
    portal, _tokens = locked_site
    url = f"{portal.absolute_url()}/news"
    assert session("editor-b").get(url).headers.get("ETag")
    assert session("editor-b", "text/html").get(url).headers.get("ETag")


def test_error_log_holds_no_token(locked_site):
    portal, tokens = locked_site
    transaction.begin()
    entries = portal.error_log.getLogEntries()
    assert entries, "the refused requests were logged"
    logged = "\n".join(str(value) for entry in entries for value in entry.values())
    assert "HTTP_LOCK_TOKEN" in logged
    assert not [token for token in tokens if token in logged]
    page = session("manager", "text/html").get(
        f"{portal.absolute_url()}/error_log/showEntry", params={"id": entries[-1]["id"]}
    )
    assert page.ok and not [token for token in tokens if token in page.text]
