from collective.locking.testing import CACHING_FUNCTIONAL_TESTING
from collective.locking.testing import FUNCTIONAL_TESTING
from collective.locking.testing import INTEGRATION_TESTING
from collective.locking.testing import ITERATE_FUNCTIONAL_TESTING
from collective.locking.testing import USERS
from plone import api
from plone.protect.authenticator import createToken
from pytest_plone import fixtures_factory

import pytest
import requests
import transaction


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (CACHING_FUNCTIONAL_TESTING, "caching_functional"),
            (INTEGRATION_TESTING, "integration"),
            (ITERATE_FUNCTIONAL_TESTING, "iterate_functional_layer"),
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


@pytest.fixture
def classic(functional_portal, request):
    """``classic("editor-b")``: a requests session for the classic UI of that
    user (HTTP basic auth), with ``.token``, plone.protect's authenticator
    for that user, and ``.form(url, data)``: a POST as a submitted form."""

    def make(login):
        session = requests.Session()
        session.auth = (login, USERS[login][0])
        with api.env.adopt_user(username=login):
            session.token = createToken()

        def form(url, data=None, **kwargs):
            fields = {"_authenticator": session.token, **(data or {})}
            return session.post(url, data=fields, **kwargs)

        session.form = form
        request.addfinalizer(session.close)
        return session

    return make


@pytest.fixture
def make_content(functional_portal):
    """``make_content("Link", "link", container=..., **fields)``: a published
    item of any type (committed)."""

    def make(type_name, id, container=None, **fields):
        container = container or functional_portal
        with api.env.adopt_roles(["Manager"]):
            obj = api.content.create(
                container=container,
                type=type_name,
                id=id,
                title=fields.pop("title", f"A {type_name}"),
                **fields,
            )
            if api.content.get_state(obj=obj, default=None) not in (None, "published"):
                api.content.transition(obj=obj, transition="publish")
        transaction.commit()
        return obj

    return make
