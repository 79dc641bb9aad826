"""Generated bad input (hypothesis) against the lock services and content
PATCH, as several users: no answer is a 5xx, and a refused request (4xx)
changes nothing, neither the item's fields nor its locks.

Bounded: a fixed number of examples per test, derandomized so that CI runs
the same inputs each time. What was sent and answered is counted in
``var/reports/bad-input.json``.
"""

from collections import Counter
from collective.locking.interfaces import IItemLocks
from collective.locking.testing import USERS
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
from pathlib import Path

import json
import pytest
import requests
import transaction


EXAMPLES = 200
REPORT = Path(__file__).parents[4] / "var" / "reports" / "bad-input.json"

LOGINS = [None, "reader", "editor-a", "editor-b", "siteadmin"]
FIELDS = ["title", "description", "text", "subjects", "effective", "id", "blocks", "nope"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

lock_bodies = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "timeout": json_values | st.integers(-5, 10**7),
            "stealable": json_values,
            "fragments": st.lists(st.sampled_from(FIELDS) | st.text(max_size=8), max_size=4)
            | json_values,
            "force": json_values,
            "locks": json_values,
        },
    ),
    json_values,
)

raw_bodies = st.one_of(
    lock_bodies.map(json.dumps),
    st.binary(max_size=40).map(lambda data: data.decode("latin-1")),
    st.just("[" * 5000 + "]" * 5000),
    st.just('{"timeout": '),
)

#: What an HTTP client can send in a header: printable ASCII.
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30).map(
    str.strip
)

token_headers = st.one_of(
    st.none(),
    st.sampled_from(["VALID", "VALID, junk", "<opaquelocktoken:VALID>", "DEAD", ""]),
    header_text,
)
prefer_headers = st.sampled_from([None, "handling=strict", "handling = lenient", "return=minimal"])
timeout_headers = st.sampled_from([None, "Second-30", "Infinite", "Second-x", "Second--1"])


@pytest.fixture
def report(request):
    """Counts of one test's requests and answers, kept in REPORT."""
    counts = {"requests": 0, "statuses": Counter(), "refused_unchanged": 0}
    yield counts
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    known[request.node.name] = {**counts, "statuses": dict(counts["statuses"])}
    REPORT.write_text(json.dumps(known, indent=2, sort_keys=True))


@pytest.fixture
def site(api_session, make_document):
    """page: fragment locks by editor-a (title) and editor-b (description);
    other: a resource lock of editor-a's. Tokens to put in headers."""
    page = make_document("page")
    other = make_document("other")
    a, b = api_session("editor-a"), api_session("editor-b")
    valid = a.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    b.post("page/@lock", json={"fragments": ["description"]})
    a.post("other/@lock")
    dead = a.post("page/@lock", json={"fragments": ["text"]}).json()["token"]
    a.delete("page/@lock/text")
    return {"items": [page, other], "VALID": valid, "DEAD": dead}


def active(item):
    return IItemLocks(item).active()


def state(items):
    """What a refused request must leave as it was."""
    transaction.begin()
    return [
        (
            item.Title(),
            item.Description(),
            getattr(item.text, "raw", None) if getattr(item, "text", None) else None,
            sorted(
                (lock.token, lock.fragments, lock.refreshed) for lock in IItemLocks(item).active()
            ),
            sorted(item.wl_lockmapping()),
        )
        for item in items
    ]


def send(site, login, method, path, body, token, prefer, timeout):
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token is not None:
        headers["Lock-Token"] = token.replace("VALID", site["VALID"]).replace("DEAD", site["DEAD"])
    if prefer:
        headers["Prefer"] = prefer
    if timeout:
        headers["Timeout"] = timeout
    auth = (login, USERS[login][0]) if login else None
    url = f"{site['items'][0].aq_parent.absolute_url()}/{path}"
    return requests.request(method, url, data=body.encode("utf-8"), headers=headers, auth=auth)


def check(site, report, *request):
    before = state(site["items"])
    response = send(site, *request)
    report["requests"] += 1
    report["statuses"][str(response.status_code)] += 1
    assert response.status_code < 500, (request, response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert state(site["items"]) == before, (request, response.status_code)
        report["refused_unchanged"] += 1


PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROFILE
@given(
    login=st.sampled_from(LOGINS),
    method=st.sampled_from(["POST", "PATCH", "DELETE", "GET"]),
    path=st.sampled_from(
        ["page/@lock", "other/@lock", "page/@lock/title", "page/@lock/nope", "page/@lock/a/b"]
    ),
    body=raw_bodies,
    token=token_headers,
    prefer=prefer_headers,
    timeout=timeout_headers,
)
def test_lock_services(site, report, login, method, path, body, token, prefer, timeout):
    check(site, report, login, method, path, body, token, prefer, timeout)


content_bodies = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), json_values, max_size=4).map(
        json.dumps
    ),
    raw_bodies,
)


@PROFILE
@given(
    login=st.sampled_from(LOGINS),
    path=st.sampled_from(["page", "other"]),
    body=content_bodies,
    token=token_headers,
    prefer=st.sampled_from([None, "return=representation"]),
)
def test_content_patch(site, report, login, path, body, token, prefer):
    check(site, report, login, "PATCH", path, body, token, prefer, None)


@PROFILE
@given(
    login=st.sampled_from(LOGINS),
    method=st.sampled_from(["GET", "DELETE"]),
    query=st.dictionaries(
        st.sampled_from(
            [
                "creator",
                "kind",
                "fragment",
                "stealable",
                "expires_before",
                "sort_on",
                "sort_order",
                "b_start",
                "b_size",
            ]
        ),
        st.text(max_size=12) | st.sampled_from(["true", "fragment", "2030-01-01", "-1", "0"]),
        max_size=3,
    ),  # fmt: skip
    body=raw_bodies,
)
def test_site_wide_locks(site, report, login, method, query, body):
    before = state(site["items"])
    auth = (login, USERS[login][0]) if login else None
    url = f"{site['items'][0].aq_parent.absolute_url()}/@locks"
    response = requests.request(
        method,
        url,
        params=query,
        data=body.encode("utf-8"),
        headers={"Accept": "application/json", "Content-Type": "application/json"},
        auth=auth,
    )
    report["requests"] += 1
    report["statuses"][str(response.status_code)] += 1
    assert response.status_code < 500, (query, body[:100], response.text[:300])
    if response.status_code >= 400:
        assert state(site["items"]) == before
        report["refused_unchanged"] += 1
