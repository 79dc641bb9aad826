"""plone.locking's lock types: plone.app.iterate's check-out lock (not
stealable, not user-unlockable, its own timeout) holds until check-in or
cancel, whoever asks the REST API or the classic UI to unlock."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.helpers import fresh
from plone.app.iterate.interfaces import ITERATE_LOCK
from plone.locking.interfaces import MAX_TIMEOUT

import pytest


STRICT = {"Prefer": "handling=strict"}


@pytest.fixture
def checked_out(api_session, doc):
    """siteadmin checked the page out: page is the baseline, copy_of_page the
    working copy."""
    response = api_session("siteadmin").post("page/@workingcopy")
    assert response.status_code == 201
    (lock,) = IItemLocks(fresh(doc)).active()
    assert lock.lock_type == ITERATE_LOCK.__name__
    return doc


def iterate_lock(doc):
    return [lock for lock in IItemLocks(fresh(doc)).active() if lock.lock_type == "iterate.lock"]


def test_its_own_timeout(checked_out):
    (lock,) = iterate_lock(checked_out)
    assert lock.timeout == MAX_TIMEOUT * 60  # not the add-on's maximum
    assert lock.user_unlockable is False and lock.stealable is False


def test_owner_plain_delete_keeps_it(api_session, checked_out):
    owner = api_session("siteadmin")
    assert owner.delete("page/@lock").status_code == 200  # Volto's plain unlock
    assert iterate_lock(checked_out)
    response = owner.delete("page/@lock", headers=STRICT)
    assert response.status_code == 403
    assert response.json()["error"]["type"] == "LockNotBreakable"
    assert iterate_lock(checked_out)


def test_forced_delete_keeps_it(api_session, checked_out):
    admin = api_session("manager")
    assert admin.delete("page/@lock", json={"force": True}).status_code == 200
    assert iterate_lock(checked_out)
    response = admin.delete("page/@lock", json={"force": True}, headers=STRICT)
    assert response.status_code == 403
    assert iterate_lock(checked_out)


def test_classic_unlock_keeps_it(classic, checked_out):
    base = checked_out.absolute_url()
    classic("manager").form(f"{base}/@@plone_lock_operations/force_unlock")
    classic("siteadmin").form(f"{base}/@@plone_lock_operations/safe_unlock")
    assert iterate_lock(checked_out)


def test_baseline_cannot_be_edited_meanwhile(api_session, checked_out):
    owner = api_session("siteadmin")
    token = owner.get("page/@lock").json().get("token")
    for session, headers in ((api_session("editor-b"), {}), (owner, {"Lock-Token": token or ""})):
        response = session.patch("page", json={"title": "Lost at check-in"}, headers=headers)
        assert response.status_code == 403
    assert fresh(checked_out).Title() == "A page"


def test_check_in_releases_it(api_session, checked_out):
    owner = api_session("siteadmin")
    assert owner.patch("copy_of_page", json={"title": "Checked in"}).status_code == 204
    assert owner.patch("copy_of_page/@workingcopy").status_code == 204
    assert fresh(checked_out).Title() == "Checked in"
    assert IItemLocks(checked_out).active() == []
    assert api_session("editor-b").patch("page", json={"title": "Free"}).status_code == 204


def test_cancel_releases_it(api_session, checked_out):
    assert api_session("siteadmin").delete("copy_of_page/@workingcopy").status_code == 204
    assert IItemLocks(fresh(checked_out)).active() == []
