"""The add-on's pages in German: the per-field edit form, the lock box and
the control panel show German words, no English of the add-on's and no
message id."""

from collective.locking.tests.helpers import fresh

import pytest
import re
import transaction


#: English the add-on writes (its .pot's defaults), as pages would show it.
ENGLISH = [
    "locked",
    "being edited by",
    "in another window or app",
    "Continue here",
    "is editing",
    "This item was locked by",
    "Locks of the site",
    "lock(s) match",
    "Release selected locks",
    "Default lock timeout",
    "Recent forced and bulk releases",
    "the whole item",
    "minutes",
    "until ",
]
#: Message ids, and interpolations left undone.
IDS = re.compile(r"\$\{|help_[a-z_]+|heading_[a-z_]+|button_[a-z_]+|label_[a-z_]+|link_author")


@pytest.fixture
def german(functional_portal, classic):
    """German editors: their browsers ask for German (Accept-Language), and
    the site offers it."""
    # As Site Setup's Language panel stores them (its vocabulary needs a
    # request, which this test's thread has not).
    values = functional_portal.portal_registry.records._values
    values["plone.available_languages"] = ["en", "de"]
    values["plone.use_request_negotiation"] = True
    transaction.commit()


def visible_text(html):
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def check_german(html, expected):
    text = visible_text(html)
    for phrase in expected:
        assert phrase in text, (phrase, text[:3000])
    for phrase in ENGLISH:
        assert phrase not in text, (phrase, text[:3000])
    assert not IDS.search(text), IDS.search(text).group(0)


def in_german(session):
    session.headers["Accept-Language"] = "de"
    return session


def test_edit_form_and_lock_box_in_german(german, api_session, classic, make_document):
    page = make_document("protokoll", title="Protokoll")
    api_session("editor-a").post("protokoll/@lock", json={"fragments": ["title"]})
    api_session("editor-b").post("protokoll/@lock", json={"fragments": ["description"]})
    form = in_german(classic("editor-b")).get(f"{page.absolute_url()}/@@edit")
    assert form.url.endswith("/@@edit")
    check_german(
        form.text,
        [
            "Titel (wird von Editor A bearbeitet, bis ",
            "Minuten)",
            "Sie bearbeiten Beschreibung dieses Inhalts in einem anderen Fenster",
            "Hier weiterarbeiten",
            "Editor A bearbeitet Titel bis ",
        ],
    )
    view = in_german(classic("editor-b")).get(page.absolute_url())
    assert "Editor A bearbeitet Titel" in visible_text(view.text)


def test_held_page_in_german(german, api_session, classic, make_document):
    page = make_document("protokoll", title="Protokoll")
    api_session("editor-a").post("protokoll/@lock")
    response = in_german(classic("editor-b")).get(f"{page.absolute_url()}/@@edit")
    assert "@@edit" not in response.url
    check_german(
        response.text,
        ["Dieser Inhalt wurde von Editor A (editor-a) gesperrt, bis ", "in 10 Minuten"],
    )


def test_control_panel_in_german(german, api_session, classic, make_document, functional_portal):
    make_document("protokoll", title="Protokoll")
    api_session("editor-a").post("protokoll/@lock", json={"fragments": ["title"]})
    admin = in_german(classic("siteadmin"))
    url = f"{functional_portal.absolute_url()}/@@locking-controlpanel"
    response = admin.get(url)
    check_german(
        response.text,
        [
            "Sperren der Website",
            "1 Sperre(n) entsprechen den Filtern.",
            "Standard-Sperrdauer",
            "Ausgewählte Sperren aufheben",
            "Titel",
            "Editor A",
        ],
    )
    uri = re.search(r'name="locks:list" type="checkbox"\s+value="([^"]+)"', response.text)
    uri = uri.group(1) if uri else re.search(r'value="([^"]+@lock/title)"', response.text).group(1)
    preview = admin.form(url, {"locks:list": uri, "release-selected": "1"})
    check_german(preview.text, ["Was die Freigabe bewirkt", "1 Sperre(n) werden aufgehoben:"])
    fresh(functional_portal)
