"""plone.locking's ILockable as the site's registry answers it: installed
means the site's own registry has the add-on's adapter, and ``locked()``
answers for the request that asks, as often as it is asked."""

from collective.locking.lockable import Lockable
from collective.locking.tests.helpers import fresh
from plone.base.utils import get_installer
from plone.locking.interfaces import ILockable
from plone.locking.interfaces import IRefreshableLockable
from plone.locking.lockable import TTWLockable
from plone.restapi.services.content import update as stock_update
from Products.CMFCore.interfaces import IContentish
from zope.component import getGlobalSiteManager

import pytest
import transaction


def site_registrations(site):
    return [
        (registration.required, registration.provided)
        for registration in site.getSiteManager().registeredAdapters()
        if registration.factory is Lockable
    ]


def test_the_profile_registers_ilockable_in_the_site_registry(functional_portal, doc):
    assert site_registrations(functional_portal) == [((IContentish,), IRefreshableLockable)]
    assert type(ILockable(doc)) is Lockable
    assert type(ILockable(functional_portal)) is Lockable
    # Outside this site, plone.locking's own adapter answers.
    assert type(getGlobalSiteManager().getAdapter(doc, ILockable)) is TTWLockable


def test_uninstalling_gives_plone_locking_its_adapter_back(functional_portal, doc):
    get_installer(functional_portal).uninstall_product("collective.locking")
    transaction.commit()
    assert site_registrations(functional_portal) == []
    assert type(ILockable(doc)) is TTWLockable


@pytest.fixture
def asked_three_times(monkeypatch):
    """plone.restapi's content PATCH asking its lock question three times
    over; every answer is kept."""
    answers = []
    stock_is_locked = stock_update.is_locked

    def is_locked(obj, request):
        answers.extend(stock_is_locked(obj, request) for _ in range(3))
        return answers[-1]

    monkeypatch.setattr(stock_update, "is_locked", is_locked)
    return answers


def test_plone_restapi_may_ask_as_often_as_it_likes(api_session, doc, asked_three_times):
    alice = api_session("editor-a")
    title = alice.post("page/@lock", json={"fragments": ["title"]}).json()["token"]
    text = alice.post("page/@lock", json={"fragments": ["text"]}).json()["token"]
    api_session("editor-b").post("page/@lock", json={"fragments": ["description"]})
    saved = alice.patch(
        "page", headers={"Lock-Token": f"{title}, {text}"}, json={"title": "Alice's"}
    )
    assert saved.status_code == 204, saved.text
    assert asked_three_times == [False, False, False]
    assert fresh(doc).Title() == "Alice's"


def test_a_write_some_lock_forbids_is_refused_before_plone_restapi_asks(
    api_session, doc, asked_three_times
):
    api_session("editor-a").post("page/@lock", json={"fragments": ["title"]})
    refused = api_session("editor-b").patch("page", json={"title": "Bob's"})
    assert refused.status_code == 403
    assert asked_three_times == []  # the model answered first
    assert fresh(doc).Title() != "Bob's"


def test_the_answer_of_a_save_speaks_of_that_save(api_session, doc):
    """A representation asked for with the save says what ``locked()`` said
    to it: nothing holds against what it wrote; ``GET`` of the item, asked
    by anyone, says a lock is there."""
    alice = api_session("editor-a")
    alice.post("page/@lock", json={"fragments": ["description"]})
    bob = api_session("editor-b")
    saved = bob.patch("page", headers={"Prefer": "return=representation"}, json={"title": "Bob's"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["lock"]["locked"] is False
    assert bob.get("page").json()["lock"]["locked"] is True
