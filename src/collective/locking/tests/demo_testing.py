"""A test layer with the demo site of ``make start``, built by the same code
(``collective.locking.demo``): the documentation's HTTP examples are
produced on it (``test_docs_examples.py``).

The layer adds a second Plone site, ``Plone`` (the demo's id), next to the
test site ``plone`` of ``collective.locking.testing.FIXTURE``, with
plone.volto loaded, the demo's profiles (plone.volto's Documents with Volto
blocks, Barceloneta), content, users and Zope admin (``admin``, password
``admin``), and UIDs that are the same at every run.

plone.volto's configuration is loaded into this layer's registry only: set
the layer up for the tests that need it and tear it down after them
(``fixtures_factory(..., keep_session=False)`` and a test class).
"""

from AccessControl.SecurityManagement import newSecurityManager
from collective.locking import demo
from collective.locking.testing import FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing import zope
from plone.uuid.interfaces import IMutableUUID
from zope.component.hooks import setSite


#: The demo's site id and Zope admin, as ``make start`` makes them.
DEMO_SITE_ID = "Plone"
DEMO_ADMIN = ("admin", "admin")


class DemoLayer(PloneSandboxLayer):
    """The demo site ``Plone``, as ``make start`` builds it."""

    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.volto

        self.loadZCML(package=plone.volto)

    def setUpPloneSite(self, portal):
        app = portal.aq_parent
        admin = demo.ensure_zope_admin(app, *DEMO_ADMIN)
        newSecurityManager(None, admin.__of__(app.acl_users))
        site = demo.ensure_site(app, DEMO_SITE_ID)
        demo.ensure_demo_content(site, admin=DEMO_ADMIN[0])
        demo.ensure_demo_users(site)
        folder = site[demo.DEMO_FOLDER[0]]
        pages = [folder[page[0]] for page in demo.DEMO_PAGES]
        for number, obj in enumerate([folder, *pages, site[demo.ROOT_PAGE[0]]], start=1):
            IMutableUUID(obj).set(f"{number:032x}")
            obj.reindexObject()
        setSite(portal)


DEMO_FIXTURE = DemoLayer()

DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE, zope.WSGI_SERVER_FIXTURE), name="DemoLayer:FunctionalTesting"
)
