"""The HTTP examples of the documentation, produced and checked by tests.

``EXAMPLES`` is a scenario: requests sent in order to a fresh demo site --
built by ``collective.locking.demo``, the code that builds ``make start``'s
site: plone.volto's Documents with Volto blocks, the demo's paths, users and
block ids -- served by the test server, with a fixed clock and reproducible
tokens. Each exchange is written as ``docs/http-examples/{name}.req`` and
``.resp`` in the form a reader copies: the URLs and logins of ``make start``'s
site.

- ``test_examples_are_current`` fails when what the server answers differs
  from the committed files; ``UPDATE_HTTP_EXAMPLES=1 make test`` (or
  ``make docs-examples``) writes them anew.
- ``test_documented_requests_replay`` sends the committed ``.req`` files
  themselves, as a reader would, and checks that the server answers what the
  ``.resp`` files show.
- ``test_docs_replay_on_demo.py`` sends them to a server started as
  ``make start`` starts it.
"""

from collective.locking import clock as clock_module
from collective.locking import demo
from collective.locking import locks as locks_module
from collective.locking import storage as storage_module
from collective.locking.tests.demo_testing import DEMO_ADMIN
from collective.locking.tests.demo_testing import DEMO_FUNCTIONAL_TESTING
from collective.locking.tests.demo_testing import DEMO_SITE_ID
from http.client import responses
from pathlib import Path
from pytest_plone import fixtures_factory

import base64
import hashlib
import json
import os
import pytest
import requests


EXAMPLES_DIR = Path(__file__).parents[4] / "docs" / "http-examples"

#: What the examples show: the site of ``make start``.
DOC_HOST = "localhost:8080"
DOC_SITE = f"http://{DOC_HOST}/{DEMO_SITE_ID}"
#: Users of the examples (``make start`` creates the same): login -> password.
DOC_USERS = {
    DEMO_ADMIN[0]: DEMO_ADMIN[1],
    **{login: password for login, password, _name in demo.DEMO_USERS},
}

#: 2026-01-01T00:00:00Z: the examples' clock.
EPOCH = 1767225600.0


def slate(text):
    """A merge patch's new value of a Volto text block."""
    return {"plaintext": text, "value": [{"type": "p", "children": [{"text": text}]}]}


# name, user, method, path, options. Options: json (body), headers (with
# "{name}" standing for the token answered by example ``name``), advance
# (seconds the clock moves before the request).
EXAMPLES = [
    ("lock", "alice", "POST", "/demo/meeting-notes/@lock", {}),
    ("lock_get", "alice", "GET", "/demo/meeting-notes/@lock", {}),
    ("lock_get_anonymous", None, "GET", "/demo/meeting-notes/@lock", {}),
    ("lock_held_plain", "bob", "POST", "/demo/meeting-notes/@lock", {}),
    (
        "lock_held_strict",
        "bob",
        "POST",
        "/demo/meeting-notes/@lock",
        {"headers": {"Prefer": "handling=strict"}},
    ),
    (
        "lock_update",
        "alice",
        "PATCH",
        "/demo/meeting-notes",
        {"headers": {"Lock-Token": "{lock}"}, "json": {"title": "Meeting notes, revised"}},
    ),
    (
        "lock_update_refused",
        "bob",
        "PATCH",
        "/demo/meeting-notes",
        {"json": {"title": "Lost update"}},
    ),
    (
        "refresh_lock",
        "alice",
        "PATCH",
        "/demo/meeting-notes/@lock",
        {"headers": {"Lock-Token": "{lock}"}, "advance": 120},
    ),
    ("unlock", "alice", "DELETE", "/demo/meeting-notes/@lock", {}),
    (
        "lock_gone",
        "alice",
        "PATCH",
        "/demo/meeting-notes/@lock",
        {"headers": {"Lock-Token": "{lock}"}},
    ),
    (
        "lock_nonstealable_timeout",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"stealable": False, "timeout": 3600}},
    ),
    (
        "unlock_force_refused",
        "bob",
        "DELETE",
        "/demo/meeting-notes/@lock",
        {"json": {"force": True}, "headers": {"Prefer": "handling=strict"}},
    ),
    ("unlock_force", "admin", "DELETE", "/demo/meeting-notes/@lock", {"json": {"force": True}}),
    (
        "lock_timeout_header",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"headers": {"Timeout": "Second-300"}},
    ),
    (
        "unlock_with_token",
        "alice",
        "DELETE",
        "/demo/meeting-notes/@lock",
        {"headers": {"Lock-Token": "{lock_timeout_header}"}},
    ),
    (
        "lock_bad_timeout",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"timeout": "soon"}},
    ),
    (
        "fragment_lock",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"fragments": ["title"]}},
    ),
    (
        "fragment_lock_other_field",
        "bob",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"fragments": ["description"]}},
    ),
    (
        "fragment_conflict",
        "bob",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"fragments": ["title", "subjects"]}},
    ),
    (
        "fragment_add",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"headers": {"Lock-Token": "{fragment_lock}"}, "json": {"fragments": ["subjects"]}},
    ),
    ("fragment_collection", None, "GET", "/demo/meeting-notes/@lock", {}),
    ("fragment_get", "alice", "GET", "/demo/meeting-notes/@lock/title", {}),
    (
        "fragment_update",
        "alice",
        "PATCH",
        "/demo/meeting-notes",
        {"headers": {"Lock-Token": "{fragment_lock}"}, "json": {"title": "Alice's title"}},
    ),
    (
        "fragment_update_refused",
        "alice",
        "PATCH",
        "/demo/meeting-notes",
        {"headers": {"Lock-Token": "{fragment_lock}"}, "json": {"description": "Alice's summary"}},
    ),
    (
        "fragment_update_other_field",
        "bob",
        "PATCH",
        "/demo/meeting-notes",
        {
            "headers": {"Lock-Token": "{fragment_lock_other_field}"},
            "json": {"description": "Bob's summary"},
        },
    ),
    (
        "fragment_lock_second",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"fragments": ["nav_title"]}},
    ),
    (
        "fragment_update_several_tokens",
        "alice",
        "PATCH",
        "/demo/meeting-notes",
        {
            "headers": {"Lock-Token": "{fragment_lock}, {fragment_lock_second}"},
            "json": {"title": "Meeting notes (final)", "nav_title": "Minutes"},
        },
    ),
    (
        "fragment_release",
        "alice",
        "DELETE",
        "/demo/meeting-notes/@lock/title",
        {"headers": {"Lock-Token": "{fragment_lock}"}},
    ),
    (
        "fragment_force",
        "admin",
        "DELETE",
        "/demo/meeting-notes/@lock/description",
        {"json": {"force": True}},
    ),
    (
        "fragment_unknown_field",
        "alice",
        "POST",
        "/demo/meeting-notes/@lock",
        {"json": {"fragments": ["colour"]}},
    ),
    (
        "locks_lock_release_plan",
        "bob",
        "POST",
        "/demo/release-plan/@lock",
        {"json": {"stealable": False}},
    ),
    ("locks_list", "admin", "GET", "/@locks", {}),
    ("locks_filtered", "admin", "GET", "/demo/@locks?creator=alice&kind=fragment", {}),
    ("locks_own", "bob", "GET", "/@locks", {}),
    ("locks_anonymous", None, "GET", "/@locks", {}),
    ("locks_release_typo", "admin", "DELETE", "/demo/@locks?owner=alice", {}),
    ("locks_release_dry_run", "admin", "DELETE", "/demo/@locks?creator=alice&dry_run=true", {}),
    (
        "locks_release_named",
        "admin",
        "DELETE",
        "/demo/@locks",
        {"json": {"locks": [f"{DOC_SITE}/demo/release-plan/@lock"]}},
    ),
    ("locks_release_filtered", "admin", "DELETE", "/@locks?creator=alice", {}),
    ("locks_history", "admin", "GET", "/@locks/history", {}),
    (
        "blocks_lock",
        "alice",
        "POST",
        "/demo/style-guide/@lock",
        {"json": {"fragments": ["blocks/headings"]}},
    ),
    (
        "blocks_lock_other",
        "bob",
        "POST",
        "/demo/style-guide/@lock",
        {"json": {"fragments": ["blocks/links"]}},
    ),
    (
        "blocks_unknown",
        "bob",
        "POST",
        "/demo/style-guide/@lock",
        {"json": {"fragments": ["blocks/nope"]}},
    ),
    ("blocks_collection", "bob", "GET", "/demo/style-guide/@lock", {}),
    (
        "blocks_merge_patch",
        "alice",
        "PATCH",
        "/demo/style-guide",
        {
            "headers": {
                "Content-Type": "application/merge-patch+json",
                "Lock-Token": "{blocks_lock}",
            },
            "json": {"blocks": {"headings": slate("Use sentence case.")}},
        },
    ),
    (
        "blocks_merge_patch_refused",
        "bob",
        "PATCH",
        "/demo/style-guide",
        {
            "headers": {
                "Content-Type": "application/merge-patch+json",
                "Lock-Token": "{blocks_lock_other}",
            },
            "json": {"blocks": {"headings": slate("Use Title Case.")}},
        },
    ),
    (
        "blocks_save_and_unlock",
        "bob",
        "PATCH",
        "/demo/style-guide",
        {
            "headers": {
                "Content-Type": "application/merge-patch+json",
                "Lock-Token": "{blocks_lock_other}",
                "X-Plone-Unlock": "true",
            },
            "json": {"blocks": {"links": slate("Link to the source.")}},
        },
    ),
    ("blocks_after", None, "GET", "/demo/style-guide/@lock", {}),
]


# Set up for this module's test class only, and torn down after it: its
# registry (plone.volto's configuration) is not for the other tests.
globals().update(
    fixtures_factory(((DEMO_FUNCTIONAL_TESTING, "demo_functional"),), keep_session=False)
)


def basic(login, password):
    raw = base64.b64encode(f"{login}:{password}".encode()).decode()
    return f"Basic {raw}"


class Clock:
    def __init__(self):
        self.now = EPOCH

    def __call__(self):
        return self.now


@pytest.fixture
def example_site(demo_functional, monkeypatch):
    """The examples' site: the demo of ``make start`` with a fixed clock
    and tokens that are the same at every run."""
    site = demo_functional["app"][DEMO_SITE_ID]
    clock = Clock()
    counter = iter(range(1, 1000))
    monkeypatch.setattr(clock_module, "now", clock)
    monkeypatch.setattr(
        locks_module,
        "new_token",
        lambda: (
            base64.urlsafe_b64encode(
                hashlib.sha256(f"example token {next(counter)}".encode()).digest()
            )
            .decode()
            .rstrip("=")
        ),
    )
    # Tokens carry their item's mark (a secret of the item's lock table):
    # one fixed secret for every table here.
    mark = storage_module.token_mark
    monkeypatch.setattr(
        storage_module, "token_mark", lambda _secret, base: mark(b"example secret", base)
    )
    return site.absolute_url(), clock


def to_doc(text, site_url):
    return text.replace(site_url, DOC_SITE)


def from_doc(text, site_url):
    return text.replace(DOC_SITE, site_url)


def auth_header(login):
    if login is None:
        return None
    return basic(login, DOC_USERS[login])


def request_text(method, url, headers, body):
    """An HTTP/1.1 request as the docs show it (headers in a fixed order)."""
    path = url.split("//", 1)[1].split("/", 1)[1]
    lines = [f"{method} /{path} HTTP/1.1", f"Host: {DOC_HOST}"]  # url: as documented
    lines += [f"{name}: {value}" for name, value in headers.items()]
    text = "\n".join(lines) + "\n"
    if body is not None:
        text += "\n" + body + "\n"
    return text


def response_text(response):
    """An HTTP/1.1 response as the docs show it."""
    lines = [f"HTTP/1.1 {response.status_code} {responses[response.status_code]}"]
    if not response.content:
        return lines[0] + "\n"
    lines.append("Content-Type: application/json")
    body = json.dumps(response.json(), indent=2, sort_keys=True)
    return "\n".join(lines) + "\n\n" + body + "\n"


def run_examples(site_url, clock):
    """Send the scenario; yield (name, request text, response text)."""
    tokens = {}
    for name, login, method, path, options in EXAMPLES:
        clock.now += options.get("advance", 0)
        headers = {"Accept": "application/json"}
        if login:
            headers["Authorization"] = auth_header(login)
        body = None
        if "json" in options:
            headers["Content-Type"] = "application/json"
            body = json.dumps(options["json"], indent=2).replace(DOC_SITE, site_url)
        for header, value in options.get("headers", {}).items():
            headers[header] = value.format(**tokens)
        url = site_url + path
        response = requests.request(method, url, headers=headers, data=body)
        if response.content and "token" in response.json():
            tokens[name] = response.json()["token"]
        yield (
            name,
            to_doc(request_text(method, to_doc(url, site_url), headers, body), site_url),
            to_doc(response_text(response), site_url),
        )


def parse_request(text, site_url):
    """A documented request, ready to send to the test server."""
    head, _, body = from_doc(text, site_url).partition("\n\n")
    request_line, *header_lines = head.splitlines()
    method, path, _ = request_line.split(" ")
    headers = dict(line.split(": ", 1) for line in header_lines)
    assert headers.pop("Host") == DOC_HOST
    server = site_url.split("//", 1)[1].split("/", 1)[0]
    path = path.replace("/Plone/", "/" + site_url.rsplit("/", 1)[1] + "/", 1)
    return method, f"http://{server}{path}", headers, body.encode() if body else None


class TestExamples:
    """One class: the demo layer is set up once for both tests."""

    def test_examples_are_current(self, example_site):
        site_url, clock = example_site
        update = os.environ.get("UPDATE_HTTP_EXAMPLES") == "1"
        stale = []
        for name, request, response in run_examples(site_url, clock):
            for suffix, text in ((".req", request), (".resp", response)):
                path = EXAMPLES_DIR / f"{name}{suffix}"
                if update:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text)
                elif not path.exists() or path.read_text() != text:
                    stale.append(f"{path.name}:\n{text}")
        assert not stale, (
            "The documented HTTP examples differ from what the server answers; "
            "run `make docs-examples` and commit docs/http-examples/.\n\n" + "\n".join(stale)
        )

    def test_documented_requests_replay(self, example_site):
        site_url, clock = example_site
        for name, _login, _method, _path, options in EXAMPLES:
            clock.now += options.get("advance", 0)
            request = (EXAMPLES_DIR / f"{name}.req").read_text()
            method, url, headers, body = parse_request(request, site_url)
            response = requests.request(method, url, headers=headers, data=body)
            expected = (EXAMPLES_DIR / f"{name}.resp").read_text()
            assert to_doc(response_text(response), site_url) == expected, name


def test_every_example_file_is_in_the_scenario():
    documented = {path.stem for path in EXAMPLES_DIR.glob("*.re[qs]*")}
    assert documented == {name for name, *rest in EXAMPLES}
