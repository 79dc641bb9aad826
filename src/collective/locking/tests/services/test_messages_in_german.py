"""REST refusals in the reader's language: every message of the add-on is a
``collective.locking`` Message, translated when the error body is made.

A site that offers German answers a client asking for it (Accept-Language)
in German, with the values filled in; the same requests without it get the
English messages exactly as before. The German catalog has a translation for
every message id, and every message of the package is in the catalog.
"""

from pathlib import Path
from zope.i18nmessageid import Message

import ast
import collective.locking
import pytest
import re
import transaction


PACKAGE = Path(collective.locking.__file__).parent
POT = PACKAGE / "locales" / "collective.locking.pot"
PO = PACKAGE / "locales" / "de" / "LC_MESSAGES" / "collective.locking.po"

PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


@pytest.fixture
def german(functional_portal):
    """The site offers German and follows the browser's language, as Site
    Setup's Language panel stores it."""
    values = functional_portal.portal_registry.records._values
    values["plone.available_languages"] = ["en", "de"]
    values["plone.use_request_negotiation"] = True
    transaction.commit()


def in_german(session):
    session.headers["Accept-Language"] = "de"
    return session


def message(response, status):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()["error"]["message"]


def unknown_key(session):
    return session.post("page/@lock", json={"colour": "red"})


def fragment_conflict(session):
    return session.post("page/@lock", json={"fragments": ["title"]})


def patch_locked(session):
    return session.patch("page", json={"title": "Neu"})


def release_by_unknown_filter(session):
    return session.delete("@locks?owner=x")


def nan_body(session):
    return session.post(
        "page/@lock", data='{"timeout": NaN}', headers={"Content-Type": "application/json"}
    )


def bad_timeout(session):
    return session.post("page/@lock", json={"timeout": 10**9})


#: request, status, the English message as before, the German one.
CASES = [
    (
        unknown_key,
        400,
        "Unknown key(s): colour (allowed: fragments, stealable, timeout).",
        "Unbekannte(r) Schlüssel: colour (erlaubt: fragments, stealable, timeout).",
    ),
    (fragment_conflict, 409, "The item is locked.", "Der Inhalt ist gesperrt."),
    (patch_locked, 403, "Resource is locked.", "Der Inhalt ist gesperrt."),
    (
        release_by_unknown_filter,
        400,
        "Unknown parameter(s): owner (known: creator, kind, fragment, stealable, "
        "expires_before, dry_run). Nothing was done.",
        "Unbekannte(r) Parameter: owner (bekannt: creator, kind, fragment, stealable, "
        "expires_before, dry_run). Es wurde nichts ausgeführt.",
    ),
    (nan_body, 400, "NaN is not a JSON number.", "NaN ist keine JSON-Zahl."),
    (
        bad_timeout,
        400,
        "The timeout must be between 1 and 86400 seconds.",
        "Die Sperrdauer muss zwischen 1 und 86400 Sekunden liegen.",
    ),
]


@pytest.fixture
def page(api_session, make_document):
    make_document("page", title="Protokoll")
    locked = api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    assert locked.status_code == 200, locked.text


@pytest.mark.parametrize(
    "send,status,english,german_text", CASES, ids=[case[0].__name__ for case in CASES]
)
def test_refusals_in_german(german, page, api_session, send, status, english, german_text):
    assert message(send(in_german(api_session("editor-b"))), status) == german_text


@pytest.mark.parametrize(
    "send,status,english,german_text", CASES, ids=[case[0].__name__ for case in CASES]
)
def test_refusals_in_english_without_accept_language(
    german, page, api_session, send, status, english, german_text
):
    assert message(send(api_session("editor-b")), status) == english


@pytest.mark.parametrize(
    "send,status,english,german_text", CASES, ids=[case[0].__name__ for case in CASES]
)
def test_refusals_in_english_where_the_site_offers_no_german(
    page, api_session, send, status, english, german_text
):
    assert message(send(in_german(api_session("editor-b"))), status) == english


def test_nested_words_and_lock_details_in_german(german, page, api_session):
    editor = in_german(api_session("editor-b"))
    response = editor.post("page/@lock", json={"stealable": "no"})
    assert message(response, 400) == "stealable muss true oder false sein."
    response = editor.post("page/@lock", json={"fragments": "title"})
    assert message(response, 400) == "fragments muss eine Liste von Feldnamen sein."
    response = editor.delete("page/@lock/title", headers={"Prefer": "handling=strict"})
    assert message(response, 409) == (
        "title ist von editor-a gesperrt: Senden Sie das Token der Sperre, "
        'oder {"force": true}, um sie aufzubrechen.'
    )
    response = editor.post("page/@lock", json={"fragments": ["title"]})
    assert response.json()["error"]["locks"][0]["creator"] == "editor-a"
    token = editor.post("page/@lock", json={"fragments": ["description"]}).json()["token"]
    api_session("siteadmin").delete("page/@lock/description", json={"force": True})
    response = editor.patch("page", json={"description": "Neu"}, headers={"Lock-Token": token})
    assert message(response, 409) == "Diese Sperre wurde von einem anderen Benutzer aufgehoben."
    assert response.json()["error"]["reason"] == "forced"


def test_method_not_allowed_in_german(german, page, api_session):
    response = in_german(api_session("editor-b")).put("page/@locks", json={})
    assert message(response, 405) == "@locks nimmt GET, DELETE, OPTIONS an, nicht PUT."
    response = api_session("editor-b").put("page/@locks", json={})
    assert message(response, 405) == "@locks answers GET, DELETE, OPTIONS, not PUT."


# The catalogs


def po_entries(path):
    """msgid -> (msgstr, default) of a .po or .pot file (header left out);
    the default is the English text of a message id that is a name."""
    entries, key, current, default = {}, None, None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#. Default: "):
            default = ast.literal_eval(line[len("#. Default: ") :])
        elif line.startswith("msgid "):
            key, current = "msgid", [ast.literal_eval(line[6:])]
            msgid = current
        elif line.startswith("msgstr "):
            key, current = "msgstr", [ast.literal_eval(line[7:])]
            msgstr = current
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif not line.strip() and key == "msgstr":
            if "".join(msgid):
                entries["".join(msgid)] = ("".join(msgstr), default)
            key, current, default = None, None, None
    return entries


def test_every_message_has_a_german_translation():
    pot, po = po_entries(POT), po_entries(PO)
    assert len(pot) > 100
    untranslated = sorted(msgid for msgid in pot if not po.get(msgid, ("", None))[0])
    assert untranslated == []
    for msgid, (msgstr, default) in po.items():
        english = msgid if default is None else default
        assert set(PLACEHOLDER.findall(msgstr)) == set(PLACEHOLDER.findall(english)), msgid


def source_messages():
    """The message ids of every ``_("...")`` of the package's Python code
    (adjacent literals joined, as the extraction joins them)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, path.relative_to(PACKAGE))
    return found


def test_every_message_of_the_code_is_in_the_catalog():
    messages = source_messages()
    assert "The body must be a JSON object." in messages
    missing = {msgid: str(path) for msgid, path in messages.items() if msgid not in po_entries(POT)}
    assert missing == {}


def test_str_of_a_refusal_is_english_with_its_values():
    from collective.locking.errors import InvalidLockRequest
    from collective.locking.request import BadJSON
    from collective.locking.request import parse_json
    from collective.locking.settings import checked_settings

    with pytest.raises(BadJSON) as raised:
        parse_json("[NaN]")
    assert isinstance(raised.value.args[0], Message)
    assert str(raised.value) == "NaN is not a JSON number."
    with pytest.raises(InvalidLockRequest) as raised:
        checked_settings({"colour": 1, "max_timeout": True}, {})
    assert str(raised.value) == "Unknown setting: colour. max_timeout must be a whole number."
