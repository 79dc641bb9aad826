"""The classic edit form, per field, with two editors logged in at once in
two real browsers: each gets the fields the other does not hold, sees the
other's fields read-only with who holds them, and saves only their own."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.browser.conftest import screenshot
from collective.locking.tests.browser.test_controlpanel import click
from collective.locking.tests.browser.test_controlpanel import log_in
from collective.locking.tests.helpers import fresh
from selenium.webdriver.common.by import By

import re


def widget(driver, name):
    """The wrapper of a form field (its label and its input, or its value)."""
    return driver.find_element(By.CSS_SELECTOR, f"[data-fieldname$='.{name}']")


def held(driver):
    return sorted(
        element.get_attribute("data-fieldname").rsplit(".", 1)[1]
        for element in driver.find_elements(By.CSS_SELECTOR, "[data-fieldname]")
        if "being edited by" in element.text
    )


def test_two_editors_share_the_classic_edit_form(
    chromium, api_session, make_document, functional_portal
):
    page = make_document("minutes", title="Minutes", description="Old summary")
    portal_url = functional_portal.absolute_url()
    url = page.absolute_url()
    bob = chromium()
    log_in(bob, portal_url, "editor-b")
    alice = chromium()
    log_in(alice, portal_url, "editor-a")

    # Bob's Volto client holds the summary.
    api_session("editor-b").post("minutes/@lock", json={"fragments": ["description"]})

    # Alice opens the form: she gets every free field, the summary read-only.
    alice.get(f"{url}/@@edit")
    assert alice.current_url.endswith("/@@edit")  # not refused
    assert held(alice) == ["description"]
    label = widget(alice, "description").text
    assert re.search(
        r"Summary \(being edited by Editor B until (\d{4}-\d\d-\d\d )?\d\d:\d\d, in 10 minutes\)",
        label,
    )
    assert alice.find_elements(By.NAME, "form.widgets.IDublinCore.description") == []
    screenshot(alice, "classic-edit-alice")
    locks = {lock.creator: lock.fragments for lock in IItemLocks(fresh(page)).active()}
    assert locks["editor-b"] == ("description",)
    assert "title" in locks["editor-a"] and "description" not in locks["editor-a"]

    # Bob sees who holds what in the lock viewlet, in words, with the
    # fields' titles as the form shows them (not their internal names).
    bob.get(url)
    holders = bob.find_element(By.ID, "plone-lock-holders").text
    assert "Editor A is editing" in holders and "Title" in holders
    assert "blocks" not in holders and "changeNote" not in holders
    # Bob opens the form: his Volto client's lock is told apart, and he may
    # take it over here.
    bob.get(f"{url}/@@edit")
    assert bob.current_url.endswith("/@@edit")
    notice = bob.find_element(By.ID, "locks-elsewhere").text
    assert "You are editing Summary of this item in another window or app" in notice
    assert "title" in held(bob)
    assert bob.find_elements(By.NAME, "form.widgets.IDublinCore.description") == []
    screenshot(bob, "classic-edit-own-lock-elsewhere")
    click(bob, bob.find_element(By.ID, "locks-elsewhere-take"), loads=True)
    assert "has taken over your locks on Summary" in bob.find_element(By.ID, "locks-elsewhere").text
    assert "title" in held(bob) and "description" not in held(bob)
    summary = bob.find_element(By.NAME, "form.widgets.IDublinCore.description")
    summary.clear()
    summary.send_keys("Bob's summary")
    screenshot(bob, "classic-edit-bob")
    click(bob, bob.find_element(By.NAME, "form.buttons.save"), loads=True)
    assert "Changes saved" in bob.page_source

    # Alice saves her title; her form never sent the summary.
    title = alice.find_element(By.NAME, "form.widgets.IDublinCore.title")
    title.clear()
    title.send_keys("Alice's minutes")
    click(alice, alice.find_element(By.NAME, "form.buttons.save"), loads=True)
    assert "Changes saved" in alice.page_source

    fresh(page)
    assert page.Title() == "Alice's minutes"
    assert page.Description() == "Bob's summary"
    assert IItemLocks(page).active() == []  # both released on save
