"""The classic locking control panel in a real browser: log in through the
login form, filter the site's locks, page through them, see what a release
will do before confirming it, and see it in the history."""

from collective.locking.interfaces import IItemLocks
from collective.locking.testing import USERS
from collective.locking.tests.browser.conftest import screenshot
from collective.locking.tests.helpers import fresh
from pathlib import Path
from plone import api
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

import os
import shutil
import transaction


DOCS_SCREENSHOT = Path(__file__).parents[5] / "docs" / "_static" / "locking-controlpanel.png"


def log_in(driver, portal_url, login):
    driver.get(f"{portal_url}/login")
    driver.find_element(By.NAME, "__ac_name").send_keys(login)
    driver.find_element(By.NAME, "__ac_password").send_keys(USERS[login][0])
    click(driver, driver.find_element(By.NAME, "buttons.login"), loads=True)
    assert driver.find_element(By.ID, "personaltools-menulink")  # logged in


def click(driver, element, loads=False):
    """Click as a user would, scrolled into view first; if the click
    ``loads`` a page, wait for it."""
    page = driver.find_element(By.TAG_NAME, "html")
    # (Bootstrap scrolls smoothly: an instant scroll, so the click lands.)
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    element.click()
    if loads:
        WebDriverWait(driver, 20).until(staleness_of(page))


def rows(driver):
    return [
        row.get_attribute("data-lock")
        for row in driver.find_elements(By.CSS_SELECTOR, "#locks-table tbody tr")
    ]


def test_site_administrator_filters_and_releases(
    chromium, api_session, make_content, functional_portal
):
    folder = make_content("Folder", "team", title="Team")
    make_content("Document", "minutes", container=folder, title="Minutes")
    make_content("Document", "agenda", container=folder, title="Agenda")
    api_session("editor-a").post("team/minutes/@lock", json={"fragments": ["title"]})
    api_session("editor-b").post("team/agenda/@lock", json={"stealable": False})
    api_session("editor-b").post("team/minutes/@lock", json={"fragments": ["text"]})
    portal_url = functional_portal.absolute_url()

    driver = chromium()
    log_in(driver, portal_url, "siteadmin")
    driver.get(f"{portal_url}/@@overview-controlpanel")
    links = driver.find_elements(By.CSS_SELECTOR, "a[href$='/@@locking-controlpanel']")
    click(driver, next(link for link in links if link.is_displayed()), loads=True)
    assert driver.current_url.endswith("/@@locking-controlpanel")
    # The classic UI, styled by Barceloneta.
    sheets = driver.execute_script(
        "return Array.from(document.styleSheets).map(s => s.href || '').join(' ')"
    )
    assert "barceloneta" in sheets
    assert driver.find_element(By.ID, "form-widgets-max_timeout").get_attribute("value") == "86,400"
    assert driver.find_element(By.ID, "locks-total").text == "3"

    driver.find_element(By.ID, "filter-creator").send_keys("editor-b")
    click(driver, driver.find_element(By.ID, "filter-submit"), loads=True)
    shown = rows(driver)
    assert [uri.split("/plone/")[1] for uri in shown] == [
        "team/agenda/@lock",
        "team/minutes/@lock/text",
    ]

    row = driver.find_element(By.CSS_SELECTOR, f'tr[data-lock="{shown[0]}"]')
    click(driver, row.find_element(By.CSS_SELECTOR, "input[type=checkbox]"))
    path = screenshot(driver, "locking-controlpanel")
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        shutil.copy(path, DOCS_SCREENSHOT)
    click(driver, driver.find_element(By.ID, "release-selected"), loads=True)

    # First what it will do (a dry run), and nothing released yet.
    preview = driver.find_element(By.ID, "locking-preview")
    assert "1 lock(s) will be released" in preview.text and "Editor B" in preview.text
    assert len(IItemLocks(fresh(folder)["agenda"]).active()) == 1
    screenshot(driver, "locking-controlpanel-preview")
    click(driver, driver.find_element(By.ID, "release-confirmed"), loads=True)

    assert (
        "Released 1 lock(s)." in driver.find_element(By.CSS_SELECTOR, ".portalMessage, .alert").text
    )
    assert [uri.split("/plone/")[1] for uri in rows(driver)] == [
        "team/minutes/@lock/text"
    ]  # filter kept
    history = driver.find_element(By.ID, "history-table").text
    assert "siteadmin" in history and "editor-b" in history
    screenshot(driver, "locking-controlpanel-released")
    assert IItemLocks(fresh(folder)["agenda"]).active() == []
    assert len(IItemLocks(folder["minutes"]).active()) == 2


def test_editors_cannot_open_it(chromium, functional_portal):
    driver = chromium()
    portal_url = functional_portal.absolute_url()
    log_in(driver, portal_url, "editor-a")
    driver.get(f"{portal_url}/@@locking-controlpanel")
    assert "locks-table" not in driver.page_source and "locking-filter" not in driver.page_source


def test_pages_through_any_number_of_locks(
    chromium, api_session, make_content, functional_portal, monkeypatch
):
    from collective.locking.browser import controlpanel

    monkeypatch.setattr(controlpanel, "PAGE_SIZE", 2)
    for name in ("a", "b", "c", "d", "e"):
        make_content("Document", name)
        api_session("editor-a").post(f"{name}/@lock")
    driver = chromium()
    portal_url = functional_portal.absolute_url()
    log_in(driver, portal_url, "siteadmin")
    driver.get(f"{portal_url}/@@locking-controlpanel")
    assert driver.find_element(By.ID, "locks-total").text == "5"
    seen = rows(driver)
    assert len(seen) == 2
    for _page in range(2):
        link = driver.find_element(By.CSS_SELECTOR, ".pagination .next a, a.next, li.next a")
        click(driver, link, loads=True)
        seen += rows(driver)
    assert sorted(uri.split("/plone/")[1] for uri in seen) == [
        f"{name}/@lock" for name in ("a", "b", "c", "d", "e")
    ]


def test_release_of_every_match_is_previewed_and_exact(
    chromium, api_session, make_content, functional_portal
):
    for name in ("a", "b"):
        make_content("Document", name)
    api_session("editor-a").post("a/@lock")
    api_session("editor-b").post("b/@lock", json={"stealable": False})
    with api.env.adopt_roles(["Manager"]):
        functional_portal.manage_permission(
            "collective.locking: Break locks", roles=["Manager"], acquire=False
        )
    transaction.commit()
    driver = chromium()
    portal_url = functional_portal.absolute_url()
    log_in(driver, portal_url, "siteadmin")
    driver.get(f"{portal_url}/@@locking-controlpanel")
    click(driver, driver.find_element(By.ID, "release-matching"), loads=True)
    assert driver.find_element(By.ID, "preview-released-count").text.startswith("1 lock(s)")
    refused = driver.find_element(By.ID, "preview-refused").text
    assert "not stealable" in refused
    # A lock taken after the preview is not released by its confirmation.
    make_content("Document", "c")
    api_session("editor-a").post("c/@lock")
    click(driver, driver.find_element(By.ID, "release-confirmed"), loads=True)
    assert "Released 1 lock(s)." in driver.page_source
    transaction.begin()
    assert [bool(IItemLocks(functional_portal[name]).active()) for name in "abc"] == [
        False,
        True,
        True,
    ]
