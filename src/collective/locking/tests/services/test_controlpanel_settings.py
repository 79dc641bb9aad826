"""The settings, checked strictly in both control panels: REST
(``PATCH @controlpanels/locking``, Volto's Site Setup) and the classic
``@@locking-controlpanel``. A refused change stores nothing."""

from collective.locking.settings import settings
from collective.locking.tests.helpers import fresh

import pytest


DEFAULTS = {"default_timeout": 600, "max_timeout": 86400, "history_size": 500}


def stored(portal):
    fresh(portal)
    return settings()


@pytest.mark.parametrize(
    "body, named",
    [
        ('{"default_timeout": true}', "default_timeout"),  # a bool is not a number
        ('{"history_size": false}', "history_size"),
        ('{"max_timeout": "36.5"}', "max_timeout"),  # Volto's widget: digits only
        ('{"max_timeout": "an hour"}', "max_timeout"),
        ('{"max_timeout": " 3600"}', "max_timeout"),
        ('{"max_timeout": 36.5}', "max_timeout"),
        ('{"default_timeout": 0}', "default_timeout"),
        ('{"history_size": 100001}', "history_size"),
        ('{"max_timeout": 4294967296}', "max_timeout"),
        ('{"default_timeout": null}', "default_timeout"),
        ('{"default_timeout": 7200, "max_timeout": 3600}', "default_timeout"),
        ('{"history_size": 10, "timeout": 5}', "timeout"),  # unknown
        ('{"history_size": 10, "max_timeout": true}', "max_timeout"),  # one bad: none stored
        ("[1, 2]", "object"),
        ('"history_size"', "object"),
        ("42", "object"),
        ('{"history_size": NaN}', "NaN"),
        ("{", "JSON"),
    ],
)
def test_rest_refuses_and_stores_nothing(api_session, functional_portal, body, named):
    response = api_session("siteadmin").patch(
        "@controlpanels/locking", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "BadRequest" and named in error["message"], error
    assert stored(functional_portal) == DEFAULTS


def test_rest_stores_good_settings(api_session, functional_portal):
    response = api_session("siteadmin").patch(
        "@controlpanels/locking", json={"default_timeout": 300, "history_size": 50}
    )
    assert response.status_code == 204, response.text
    assert stored(functional_portal) == {**DEFAULTS, "default_timeout": 300, "history_size": 50}
    got = api_session("siteadmin").get("@controlpanels/locking").json()["data"]
    assert got == {**DEFAULTS, "default_timeout": 300, "history_size": 50}


def test_rest_is_for_site_administrators(api_session, functional_portal):
    response = api_session("editor-a").patch("@controlpanels/locking", json={"history_size": 5})
    assert response.status_code == 401
    assert stored(functional_portal) == DEFAULTS


def classic_save(classic, portal, **values):
    session = classic("siteadmin")
    data = {f"form.widgets.{name}": value for name, value in values.items()}
    return session.form(
        f"{portal.absolute_url()}/@@locking-controlpanel",
        {**data, "form.buttons.save": "Save"},
    )


@pytest.mark.parametrize(
    "values",
    [
        {"default_timeout": "true"},
        {"default_timeout": "0"},
        {"max_timeout": "ten"},
        {"history_size": "100001"},
        {"default_timeout": "7200", "max_timeout": "3600"},
    ],
)
def test_classic_form_refuses_and_stores_nothing(classic, functional_portal, values):
    full = {**{name: str(value) for name, value in DEFAULTS.items()}, **values}
    response = classic_save(classic, functional_portal, **full)
    assert response.status_code == 200
    assert "There were some errors" in response.text
    assert "Changes saved" not in response.text
    assert stored(functional_portal) == DEFAULTS


def test_classic_form_stores_good_settings(classic, functional_portal):
    full = {name: str(value) for name, value in DEFAULTS.items()}
    response = classic_save(classic, functional_portal, **{**full, "history_size": "40"})
    assert response.status_code == 200
    assert stored(functional_portal)["history_size"] == 40


def test_rest_takes_the_digits_volto_sends(api_session, functional_portal):
    """Volto's number widget sends the input's text: "3600" is 3600."""
    response = api_session("siteadmin").patch(
        "@controlpanels/locking", json={"max_timeout": "3600", "history_size": "250"}
    )
    assert response.status_code == 204, response.text
    got = api_session("siteadmin").get("@controlpanels/locking").json()["data"]
    assert got["max_timeout"] == 3600 and got["history_size"] == 250
