"""A copy never carries the original's locks."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.helpers import fresh
from plone.locking.interfaces import INonStealableLock


def test_rest_copy_starts_unlocked(api_session, doc, make_content, functional_portal):
    owner = api_session("editor-a")
    token = owner.post("page/@lock", json={"stealable": False}).json()["token"]
    make_content("Folder", "target")
    copier = api_session("siteadmin")
    response = copier.post("target/@copy", json={"source": doc.absolute_url()})
    assert response.status_code == 200
    copy = fresh(functional_portal)["target"]["page"]
    assert IItemLocks(copy).active() == []
    assert copy.wl_lockValues() == []
    assert not INonStealableLock.providedBy(copy)
    assert copier.get("target/page/@lock").json()["locked"] is False
    # The copier edits their copy; the original owner's token opens nothing.
    assert copier.patch("target/page", json={"title": "My copy"}).status_code == 204
    response = owner.post(
        "target/page/@lock", headers={"Lock-Token": token}, json={"fragments": ["text"]}
    )
    assert response.status_code == 409
    assert IItemLocks(fresh(doc)).resource_lock().token == token  # the original keeps it


def test_copy_of_a_folder_with_a_locked_child(api_session, make_content, functional_portal):
    folder = make_content("Folder", "f")
    make_content("Document", "p", container=folder)
    api_session("editor-a").post("f/p/@lock", json={"fragments": ["title"]})
    response = api_session("siteadmin").post("@copy", json={"source": folder.absolute_url()})
    assert response.status_code == 200
    copy = fresh(functional_portal)["copy_of_f"]["p"]
    assert IItemLocks(copy).active() == []
    entries = api_session("siteadmin").get("@locks").json()["items"]
    assert [entry["@id"].split("/plone/")[1] for entry in entries] == ["f/p/@lock/title"]
