from collective.locking.testing import FUNCTIONAL_TESTING
from collective.locking.testing import INTEGRATION_TESTING
from collective.locking.testing import USERS
from plone import api
from pytest_plone import fixtures_factory

import pytest
import requests
import transaction


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
        )
    )
)


@pytest.fixture
def package_name():
    return "collective.locking"


@pytest.fixture
def api_session(functional_portal, request):
    """``api_session("editor-a")``: a requests session for that user (None
    for anonymous), relative to the site's REST API root."""

    def make(login=None):
        session = requests.Session()
        session.headers["Accept"] = "application/json"
        if login is not None:
            session.auth = (login, USERS[login][0])
        base = functional_portal.absolute_url()
        original = session.request

        def relative(method, url, **kwargs):
            if not url.startswith("http"):
                url = base + "/" + url.lstrip("/")
            return original(method, url, **kwargs)

        session.request = relative
        request.addfinalizer(session.close)
        return session

    return make


@pytest.fixture
def make_document(functional_portal):
    """Create a published Document in the functional site (committed)."""

    def make(id="page", container=None, **fields):
        container = container or functional_portal
        with api.env.adopt_roles(["Manager"]):
            doc = api.content.create(
                container=container,
                type="Document",
                id=id,
                title=fields.pop("title", "A page"),
                **fields,
            )
            api.content.transition(obj=doc, transition="publish")
        transaction.commit()
        return doc

    return make


@pytest.fixture
def doc(make_document):
    return make_document()
