"""Every type's classic edit form behaves the same while another user holds
the whole item: the editor is sent to the view with a message naming the
holder (full name and user id) and when the lock ends; no form that would
refuse its own save is shown."""

from collective.locking.tests.ways_in.test_classic_forms import PNG
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage

import pytest
import re


TYPES = {
    "Document": dict,  # with plone.locking's behavior
    "News Item": dict,
    "Event": dict,
    "Collection": dict,
    "LockableFolder": dict,  # a folderish type with the behavior
    "Link": lambda: {"remoteUrl": "https://plone.org"},  # these without it
    "File": lambda: {"file": NamedBlobFile(b"data", filename="data.txt")},
    "Image": lambda: {"image": NamedBlobImage(PNG, filename="pixel.png")},
    "Folder": dict,
    "Note": dict,  # a type of the site's own, with Dublin Core only
}


@pytest.fixture
def note_type(functional_portal):
    """A type of the site's own, without plone.locking's behavior."""
    from plone import api
    from plone.dexterity.fti import DexterityFTI

    import transaction

    with api.env.adopt_roles(["Manager"]):
        fti = DexterityFTI("Note", title="Note", klass="plone.dexterity.content.Item")
        fti.behaviors = ("plone.dublincore", "plone.namefromtitle")
        fti.global_allow = True
        functional_portal.portal_types._setObject("Note", fti)
    transaction.commit()


HELD = re.compile(
    r"This item was locked by Editor A \(editor-a\) "
    r"until (\d{4}-\d\d-\d\d )?\d\d:\d\d, in 10 minutes\. "  # the date on another day
    r"You can edit it when they are done"
)


@pytest.mark.parametrize("type_name", sorted(TYPES))
def test_held_as_a_whole_sends_the_editor_to_the_view(
    api_session, classic, make_content, note_type, type_name
):
    item = make_content(type_name, "item", **TYPES[type_name]())
    assert api_session("editor-a").post("item/@lock", json={"timeout": 600}).status_code == 200
    response = classic("editor-b").get(item.absolute_url() + "/@@edit")
    assert response.status_code == 200
    assert "@@edit" not in response.url and "/edit" not in response.url
    assert HELD.search(response.text), response.text[:2000]
    assert 'name="form.buttons.save"' not in response.text


@pytest.mark.parametrize("type_name", ["Document", "Link"])
def test_the_holder_and_free_items_still_edit(api_session, classic, make_content, type_name):
    item = make_content(type_name, "item", **TYPES[type_name]())
    editor = classic("editor-b")
    free = editor.get(item.absolute_url() + "/@@edit")
    assert free.url.endswith("/@@edit") and 'name="form.buttons.save"' in free.text
    api_session("editor-b").post("item/@lock")
    own = editor.get(item.absolute_url() + "/@@edit")
    assert own.url.endswith("/@@edit") and 'name="form.buttons.save"' in own.text


def test_a_check_out_holds_the_original_as_a_whole(api_session, classic, make_content):
    """A lock held for a process (plone.app.iterate's) is a whole-item lock
    too."""
    from plone.locking.interfaces import ILockable
    from plone.locking.interfaces import LockType

    import transaction

    item = make_content("Document", "item")
    process = LockType("test.process", stealable=False, user_unlockable=False, timeout=60)
    from plone import api

    with api.env.adopt_user(username="editor-a"):
        ILockable(item).lock(process)
    transaction.commit()
    response = classic("editor-b").get(item.absolute_url() + "/@@edit")
    assert "@@edit" not in response.url
    assert "This item was locked by Editor A (editor-a)" in response.text


def test_every_field_the_form_shows_is_saved(classic, make_content):
    """Widgets made of parts (a Link's URL) or empty markers (unticked boxes)
    are saved as any other: only what the form did not show is left out."""
    from collective.locking.tests.helpers import form_fields
    from collective.locking.tests.helpers import fresh

    link = make_content("Link", "item", remoteUrl="https://plone.org")
    editor = classic("editor-b")
    fields = form_fields(editor.get(link.absolute_url() + "/@@edit").text)
    (external,) = [name for name in fields if name.endswith("remoteUrl.external")]
    fields[external] = "https://docs.plone.org"
    fields["form.buttons.save"] = "Save"
    response = editor.form(link.absolute_url() + "/@@edit", fields)
    assert "Changes saved" in response.text
    assert fresh(link).remoteUrl == "https://docs.plone.org"
