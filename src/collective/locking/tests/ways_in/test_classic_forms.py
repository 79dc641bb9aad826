"""Classic forms and the ZMI write past no lock: the write guard refuses the
commit whatever form made it, and nothing changes."""

from collective.locking.browser.editing_locks import SINCE
from collective.locking.tests.helpers import field_named
from collective.locking.tests.helpers import form_fields
from collective.locking.tests.helpers import fresh
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import json
import pytest
import re
import transaction


TITLE = "form.widgets.IDublinCore.title"
DESCRIPTION = "form.widgets.IDublinCore.description"


def save(session, item, fields):
    return session.form(item.absolute_url() + "/@@edit", {**fields, "form.buttons.save": "Save"})


def test_edit_form_save_ignores_a_field_held_by_another(api_session, classic, doc):
    """The per-field form shows a field another editor holds read-only, so a
    submitted value for it (a crafted POST) is neither extracted nor saved."""
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    response = save(classic("editor-b"), doc, {TITLE: "Overwritten"})
    assert response.status_code == 200
    assert fresh(doc).Title() == "A page"


def test_edit_form_save_of_free_fields_passes(api_session, classic, doc):
    """z3c.form writes only what changed: the locked title, sent unchanged,
    is not a write, and the free description is saved."""
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    fields = {TITLE: "A page", "form.widgets.IDublinCore.description": "Free field"}
    response = save(classic("editor-b"), doc, fields)
    assert response.status_code == 200
    assert fresh(doc).Description() == "Free field"
    assert doc.Title() == "A page"


def test_owner_saves_own_fragment(api_session, classic, doc):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    response = save(classic("editor-a"), doc, {TITLE: "Mine to change"})
    assert response.status_code == 200
    assert fresh(doc).Title() == "Mine to change"


def test_fragment_holder_cannot_overwrite_another_fragment(api_session, classic, doc):
    """The holder of one fragment may not change another's: a save that
    tries is refused as a whole (nothing of it written, no "Changes saved"),
    and the form says who holds the field."""
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    api_session("editor-b").post("page/@lock", json={"fragments": ["description"]})
    response = save(
        classic("editor-b"), doc, {TITLE: "Taken", "form.widgets.IDublinCore.description": "Mine"}
    )
    assert response.status_code == 200
    assert "Nothing was saved" in response.text and "Changes saved" not in response.text
    assert "Editor A started editing this field" in response.text
    assert fresh(doc).Title() == "A page"
    assert doc.Description() == ""
    # Without the other's field, the save lands.
    response = save(classic("editor-b"), doc, {TITLE: "A page", DESCRIPTION: "Mine"})
    assert "Changes saved" in response.text
    assert fresh(doc).Description() == "Mine"


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

REQUIRED = {
    "Link": lambda: {"remoteUrl": "https://plone.org"},
    "File": lambda: {"file": NamedBlobFile(b"data", filename="data.txt")},
    "Image": lambda: {"image": NamedBlobImage(PNG, filename="pixel.png")},
    "Folder": dict,
}


@pytest.mark.parametrize("type_name", sorted(REQUIRED))
def test_types_without_locking_behavior(api_session, classic, make_content, type_name):
    """No ILockable behavior, no lock taken by the form: a form opened
    before another editor locked the item saves nothing, and says why."""
    item = make_content(type_name, "item", **REQUIRED[type_name]())
    editor = classic("editor-b")
    fields = form_fields(editor.get(item.absolute_url() + "/@@edit").text)
    fields[field_named(fields, "title")] = "Overwritten"
    assert api_session("editor-a").post("item/@lock").status_code == 200
    response = save(editor, item, fields)
    assert response.status_code == 200
    assert "This item was locked by Editor A" in response.text
    assert "Changes saved" not in response.text
    assert fresh(item).Title() == f"A {type_name}"
    # Opened now, the form sends the editor to the view instead.
    opened = editor.get(item.absolute_url() + "/@@edit")
    assert "@@edit" not in opened.url and "This item was locked by Editor A" in opened.text

    api_session("editor-a").delete("item/@lock")
    assert save(editor, item, fields).status_code == 200  # unlocked: saved
    assert fresh(item).Title() == "Overwritten"


@pytest.mark.parametrize("method", ["manage_changeProperties", "manage_editProperties"])
def test_zmi_properties(api_session, classic, doc, method):
    api_session("editor-a").post("page/@lock")
    manager = classic("manager")
    response = manager.form(f"{doc.absolute_url()}/{method}", {"title": "ZMI title"})
    assert response.status_code == 403
    assert fresh(doc).Title() == "A page"

    api_session("editor-a").delete("page/@lock")
    assert manager.form(f"{doc.absolute_url()}/{method}", {"title": "ZMI title"}).ok
    assert fresh(doc).Title() == "ZMI title"


def folder_contents(session, portal, action, item, **data):
    fields = {"selection": json.dumps([api.content.get_uuid(item)]), "folder": "/", **data}
    return session.form(f"{portal.absolute_url()}/@@{action}", fields)


def test_folder_contents_tags(api_session, classic, doc, functional_portal):
    api_session("editor-a").post("page/@lock", json={"fragments": ["subjects"]})
    editor = classic("editor-b")
    response = folder_contents(editor, functional_portal, "fc-tags", doc, toadd="sneaked")
    assert response.status_code == 403
    assert fresh(doc).Subject() == ()

    api_session("editor-a").delete("page/@lock/subjects")
    assert folder_contents(editor, functional_portal, "fc-tags", doc, toadd="tagged").ok
    assert fresh(doc).Subject() == ("tagged",)


def test_folder_contents_properties(api_session, classic, doc, functional_portal):
    api_session("editor-a").post("page/@lock")
    editor = classic("editor-b")
    response = folder_contents(
        editor, functional_portal, "fc-properties", doc, copyright="Mine now"
    )
    assert response.status_code == 403
    assert fresh(doc).Rights() == ""


def test_python_script_as_a_user(api_session, classic, doc, functional_portal):
    """Restricted code run through the web by a user is a user's write."""
    with api.env.adopt_roles(["Manager"]):
        functional_portal.manage_addProduct["PythonScripts"].manage_addPythonScript("retitle")
        functional_portal.retitle.ZPythonScript_edit("", "context.setTitle('Scripted')\n")
    transaction.commit()
    api_session("editor-a").post("page/@lock")
    editor = classic("editor-b")
    assert editor.form(doc.absolute_url() + "/retitle").status_code == 403
    assert fresh(doc).Title() == "A page"

    api_session("editor-a").delete("page/@lock")
    assert editor.form(doc.absolute_url() + "/retitle").ok
    assert fresh(doc).Title() == "Scripted"


def open_form(session, item):
    """The edit form's fields and the URL it posts to, as a browser has them."""
    return form_and_action(session.get(item.absolute_url() + "/@@edit").text)


def form_and_action(html):
    action = re.search(r'<form[^>]*\baction="([^"]*@@edit[^"]*)"', html).group(1)
    return form_fields(html), action.replace("&amp;", "&")


def break_the_form_lock_and_save_meanwhile(api_session, name):
    """An administrator breaks the lock of the open form; Alice locks the
    page, saves a new summary and releases it."""
    api_session("siteadmin").delete(f"{name}/@lock", json={"force": True})
    alice = api_session("editor-a")
    token = alice.post(f"{name}/@lock").json()["token"]
    summary = {"description": "Alice's summary"}
    assert alice.patch(name, json=summary, headers={"Lock-Token": token}).status_code == 204
    alice.delete(f"{name}/@lock", headers={"Lock-Token": token})


def test_a_form_whose_lock_was_broken_does_not_undo_others_changes(
    api_session, classic, make_document
):
    """Bob's form holds the page; an administrator breaks his lock; Alice
    locks the page and saves a new summary. Bob's save then writes nothing
    (his copy of the summary is stale) and says why."""
    page = make_document("minutes", title="Minutes", description="Old summary")
    bob = classic("editor-b")
    fields, action = open_form(bob, page)
    assert "collective.locking.held=" in action
    break_the_form_lock_and_save_meanwhile(api_session, "minutes")

    fields[TITLE] = "Bob's minutes"
    response = bob.post(action, data={**fields, "form.buttons.save": "Save"})
    assert response.status_code == 200
    assert "Nothing was saved: someone else changed this item" in response.text
    assert "Changes saved" not in response.text
    fresh(page)
    assert page.Title() == "Minutes" and page.Description() == "Alice's summary"


def test_a_form_shown_again_still_compares_with_the_item_as_it_opened(
    api_session, classic, make_document
):
    """As above, but Bob's first save has an input error (no title): the
    form comes back, and its next save is still compared with the page as
    Bob's form first opened, so it writes nothing. Once told, Bob may save
    knowingly."""
    page = make_document("agenda", title="Agenda", description="Old summary")
    bob = classic("editor-b")
    fields, action = open_form(bob, page)
    break_the_form_lock_and_save_meanwhile(api_session, "agenda")

    fields[TITLE] = ""
    response = bob.post(action, data={**fields, "form.buttons.save": "Save"})
    assert response.status_code == 200 and "Required input is missing" in response.text
    fields, again = form_and_action(response.text)
    assert parse_qs(urlsplit(again).query)[SINCE] == parse_qs(urlsplit(action).query)[SINCE]
    fields[TITLE] = "Bob's agenda"
    response = bob.post(again, data={**fields, "form.buttons.save": "Save"})
    assert "Nothing was saved: someone else changed this item" in response.text
    fresh(page)
    assert page.Title() == "Agenda" and page.Description() == "Alice's summary"

    fields, warned = form_and_action(response.text)
    response = bob.post(warned, data={**fields, "form.buttons.save": "Save"})
    assert "Changes saved" in response.text
    fresh(page)
    assert page.Title() == "Bob's agenda"


def test_a_block_lock_beside_the_form(api_session, classic, make_document):
    """Another editor's lock on one block: the form opens (no 500), locks
    the other fields, and leaves ``blocks`` to the block's holder."""
    page = make_document("minutes", title="Minutes")
    with api.env.adopt_roles(["Manager"]):
        page.blocks = {"intro": {"@type": "slate", "plaintext": "Intro"}}
        page.blocks_layout = {"items": ["intro"]}
    transaction.commit()
    api_session("editor-a").post("minutes/@lock", json={"fragments": ["blocks/intro"]})
    response = classic("editor-b").get(page.absolute_url() + "/@@edit")
    assert response.status_code == 200 and response.url.endswith("/@@edit")
    from collective.locking.interfaces import IItemLocks

    mine = [lock for lock in IItemLocks(fresh(page)).active() if lock.creator == "editor-b"]
    assert len(mine) == 1 and "title" in mine[0].fragments
    assert "blocks" not in mine[0].fragments and "blocks_layout" in mine[0].fragments


def test_the_form_never_writes_blocks_someone_else_works_in(api_session, classic, make_document):
    """While another editor holds one block, the classic form shows the
    page's blocks read-only: its copy of them would undo that editor's save
    (and every other block's saved meanwhile)."""
    page = make_document("minutes", title="Minutes")
    with api.env.adopt_roles(["Manager"]):
        page.blocks = {
            "intro": {"@type": "slate", "plaintext": "Intro"},
            "notes": {"@type": "slate", "plaintext": "Notes"},
        }
        page.blocks_layout = {"items": ["intro", "notes"]}
    transaction.commit()
    alice = api_session("editor-a")
    token = alice.post("minutes/@lock", json={"fragments": ["blocks/intro"]}).json()["token"]
    bob = classic("editor-b")
    fields, action = open_form(bob, page)
    assert not any(name.endswith(".blocks") for name in fields)  # read-only
    merge = {"Content-Type": "application/merge-patch+json", "Lock-Token": token}
    merge["X-Plone-Unlock"] = "true"
    saved = alice.patch(
        "minutes", json={"blocks": {"intro": {"plaintext": "Alice"}}}, headers=merge
    )
    assert saved.status_code == 204
    fields[TITLE] = "Bob's minutes"
    response = bob.post(action, data={**fields, "form.buttons.save": "Save"})
    assert "Changes saved" in response.text
    fresh(page)
    assert page.Title() == "Bob's minutes"
    assert page.blocks["intro"]["plaintext"] == "Alice"
