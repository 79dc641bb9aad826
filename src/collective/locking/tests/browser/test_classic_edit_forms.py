"""The classic edit forms with two editors in two real browsers: a page held
as a whole sends the other editor to the view; a field taken while the
form was open makes the save refuse everything and keep the editor's input;
Cancel releases only what the form took. Screenshots go into the docs
(``UPDATE_DOCS_SCREENSHOTS=1``)."""

from collective.locking.interfaces import IItemLocks
from collective.locking.tests.browser.conftest import screenshot
from collective.locking.tests.browser.test_controlpanel import click
from collective.locking.tests.browser.test_controlpanel import log_in
from collective.locking.tests.helpers import fresh
from pathlib import Path
from selenium.webdriver.common.by import By

import os
import re
import shutil


DOCS_STATIC = Path(__file__).parents[5] / "docs" / "_static"


def for_the_docs(driver, name):
    path = screenshot(driver, name)
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        shutil.copy(path, DOCS_STATIC / f"{name}.png")


def test_a_page_held_as_a_whole_is_not_opened(
    chromium, api_session, make_document, functional_portal
):
    page = make_document("minutes", title="Minutes")
    portal_url = functional_portal.absolute_url()
    alice, bob = chromium(), chromium()
    log_in(alice, portal_url, "editor-a")
    log_in(bob, portal_url, "editor-b")
    alice.get(f"{page.absolute_url()}/@@edit")  # Alice's form locks the page
    assert alice.find_elements(By.NAME, "form.buttons.save")

    bob.get(f"{page.absolute_url()}/@@edit")
    assert not bob.current_url.endswith("/@@edit")
    message = bob.find_element(By.CSS_SELECTOR, ".portalMessage.warning, .alert-warning").text
    assert re.search(
        r"This item was locked by Editor A \(editor-a\) until (\d{4}-\d\d-\d\d )?\d\d:\d\d", message
    )
    assert not bob.find_elements(By.NAME, "form.buttons.save")
    for_the_docs(bob, "classic-held-as-a-whole")


def test_a_field_taken_meanwhile_saves_nothing_and_keeps_the_input(
    chromium, api_session, make_content, functional_portal
):
    link = make_content("Link", "docs-link", title="Docs", remoteUrl="https://plone.org")
    portal_url = functional_portal.absolute_url()
    alice = chromium()
    log_in(alice, portal_url, "editor-a")
    alice.get(f"{link.absolute_url()}/@@edit")
    title = alice.find_element(By.NAME, "form.widgets.IDublinCore.title")
    title.clear()
    title.send_keys("Plone's docs")
    summary = alice.find_element(By.NAME, "form.widgets.IDublinCore.description")
    summary.send_keys("Where to read more.")

    # Meanwhile Bob's client takes the title.
    assert (
        api_session("editor-b").post("docs-link/@lock", json={"fragments": ["title"]}).status_code
        == 200
    )

    click(alice, alice.find_element(By.NAME, "form.buttons.save"), loads=True)
    page = alice.page_source
    assert "Changes saved" not in page
    assert "Nothing was saved" in page
    error = alice.find_element(By.CSS_SELECTOR, "[data-fieldname$='.title'] .invalid-feedback")
    assert "Editor B started editing this field" in error.text
    # Everything she typed is still there.
    assert (
        alice.find_element(By.NAME, "form.widgets.IDublinCore.title").get_attribute("value")
        == "Plone's docs"
    )
    assert (
        alice.find_element(By.NAME, "form.widgets.IDublinCore.description").get_attribute("value")
        == "Where to read more."
    )
    for_the_docs(alice, "classic-save-refused")
    fresh(link)
    assert link.Title() == "Docs" and link.Description() == ""


def test_cancel_releases_only_what_the_form_took(
    chromium, api_session, make_document, functional_portal
):
    page = make_document("agenda", title="Agenda")
    portal_url = functional_portal.absolute_url()
    # Bob's Volto client holds the summary; Alice holds the text.
    api_session("editor-b").post("agenda/@lock", json={"fragments": ["description"]})
    api_session("editor-a").post("agenda/@lock", json={"fragments": ["text"]})
    bob = chromium()
    log_in(bob, portal_url, "editor-b")
    bob.get(f"{page.absolute_url()}/@@edit")
    assert "in another window or app" in bob.find_element(By.ID, "locks-elsewhere").text
    mine = [lock for lock in IItemLocks(fresh(page)).active() if lock.creator == "editor-b"]
    assert len(mine) == 2  # the Volto client's, and the form's (the free fields)
    click(bob, bob.find_element(By.NAME, "form.buttons.cancel"), loads=True)
    left = {lock.creator: lock.fragments for lock in IItemLocks(fresh(page)).active()}
    assert left == {"editor-b": ("description",), "editor-a": ("text",)}
