"""A real browser: Debian's headless Chromium, driven by selenium."""

from pathlib import Path
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import os
import pytest
import shutil
import tempfile


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

#: Screenshots of the browser tests (the test's output).
SCREENSHOTS = Path(__file__).parents[5] / "var" / "screenshots"


@pytest.fixture
def chromium(request):
    """``chromium()``: a new browser (a profile of its own, so that two can be
    logged in as two users at once)."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.fail(f"The browser tests need {CHROMIUM} and {CHROMEDRIVER}: run `make install`.")
    started = []

    def start():
        profile = tempfile.mkdtemp(prefix="chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1600",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.implicitly_wait(5)
        started.append((driver, profile))
        return driver

    yield start
    for driver, profile in started:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, name):
    """Save what the browser shows as var/screenshots/{name}.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
