"""A write that still conflicts after Zope's retries: 503 with Retry-After
and a JSON error, never 500, and nothing of it committed.

The conflict is real: each time the request is about to commit, another
connection writes the same page and commits first, as a second editor's
save at the same moment would."""

from collective.locking.tests.helpers import fresh
from zope.component import getGlobalSiteManager
from ZPublisher.interfaces import IPubBeforeCommit

import pytest
import transaction


class Attempts(list):
    """The requests' tries; ``limit``: how many of them meet a rival."""

    limit = None


@pytest.fixture
def rival_writes(doc):
    """While installed: every request with ``X-Test-Rival`` has the page
    written and committed by another connection just before it commits."""
    oid = doc._p_oid
    db = doc._p_jar.db()
    attempts = Attempts()

    def rival(event):
        if not event.request.getHeader("X-Test-Rival"):
            return
        attempts.append(1)
        if attempts.limit is not None and len(attempts) > attempts.limit:
            return
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        try:
            page = connection.get(oid)
            page.description = f"Rival save {len(attempts)}"
            manager.commit()
        finally:
            connection.close()

    gsm = getGlobalSiteManager()
    gsm.registerHandler(rival, (IPubBeforeCommit,))
    yield attempts
    gsm.unregisterHandler(rival, (IPubBeforeCommit,))


def test_a_write_that_keeps_conflicting_is_503(api_session, doc, rival_writes):
    editor = api_session("editor-a")
    response = editor.patch("page", json={"title": "Mine"}, headers={"X-Test-Rival": "1"})
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"]["type"] == "ConflictError"
    assert "send it again" in response.json()["error"]["message"]
    assert len(rival_writes) >= 1  # the first try, and each of Zope's retries
    page = fresh(doc)
    assert page.Title() == "A page"  # nothing of the refused save
    assert page.description.startswith("Rival save")
    # Sent again, once the rival is done, it lands.
    assert editor.patch("page", json={"title": "Mine"}).status_code == 204
    assert fresh(doc).Title() == "Mine"


def test_lock_requests_too(api_session, doc, rival_writes):
    response = api_session("editor-a").post(
        "page/@lock", json={"fragments": ["title"]}, headers={"X-Test-Rival": "1"}
    )
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"]
    assert api_session("editor-a").get("page/@lock").json()["locked"] is False


def test_classic_pages_get_a_page_that_says_so(classic, functional_portal, doc, rival_writes):
    session = classic("editor-a")
    response = session.form(
        f"{doc.absolute_url()}/edit",
        {"form.widgets.IDublinCore.title": "Mine", "form.buttons.save": "Save"},
        headers={"X-Test-Rival": "1"},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "try again" in response.text.lower()
    assert fresh(doc).Title() == "A page"


def test_the_example_client_sends_it_again(api_session, doc, rival_writes):
    """examples/two_editors.py's session waits as Retry-After says and sends
    the save again: the second time, no rival is in the way."""
    from examples import two_editors as example
    from ZPublisher.HTTPRequest import HTTPRequest

    rival_writes.limit = HTTPRequest.retry_max_count + 1  # every try of the first request
    session = example.retrying_session()
    session.auth = api_session("editor-a").auth
    response = session.patch(
        doc.absolute_url(),
        json={"title": "Mine"},
        headers={"X-Test-Rival": "1", "Accept": "application/json"},
    )
    assert response.status_code == 204, response.text
    assert len(rival_writes) == rival_writes.limit + 1
    assert fresh(doc).Title() == "Mine"
