"""Test layers: a Plone site with plone.restapi, plone.app.iterate and this
add-on installed, and users to act as editors, a site administrator and the
other roles.

Everything is loaded into one component registry, as in production (where
plone.autoinclude loads every add-on into the global registry): a sandbox
layer that loads the add-on into a registry stacked on Plone's would make
the add-on's adapters win even where production's more specific ones do
(plone.restapi's Collection serializer, say), and hide real leaks.
"""

from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing.layers import PloneFixture
from plone.testing import zope
from Products.CMFCore.PortalContent import PortalContent
from types import MappingProxyType
from zope.configuration import xmlconfig

import os
import plone.restapi


# Zope compiles the add-on's translations (.po) when its ZCML registers them,
# as the instances of ``make start`` do (their zope.conf sets the same).
os.environ.setdefault("zope_i18n_compile_mo_files", "true")


#: login -> (password, roles)
USERS = MappingProxyType(
    {
        "editor-a": ("secret-a", ["Member", "Editor"]),
        "editor-b": ("secret-b", ["Member", "Editor"]),
        "siteadmin": ("secret-admin", ["Member", "Site Administrator"]),
        "reader": ("secret-reader", ["Member", "Reader"]),
        "contributor": ("secret-contributor", ["Member", "Contributor"]),
        "reviewer": ("secret-reviewer", ["Member", "Reviewer"]),
        "manager": ("secret-manager", ["Member", "Manager"]),
    }
)


class LockingZopeFixture(PloneFixture):
    """Plone, plone.restapi, plone.app.iterate, plone.app.caching and this
    add-on in one registry, and a site with plone.restapi."""

    products = PloneFixture.products + (
        # Zope loads it in production (its error log subscriber included).
        ("Products.SiteErrorLog", {"loadZCML": True}),
        ("plone.restapi", {"loadZCML": True}),
        ("plone.app.iterate", {"loadZCML": True, "install": False}),
        ("plone.app.caching", {"loadZCML": True, "install": False}),
        ("collective.locking", {"loadZCML": True, "install": False}),
    )

    extensionProfiles = PloneFixture.extensionProfiles + ("plone.restapi:default",)

    def setUpZCML(self):
        super().setUpZCML()
        # plone.restapi's test content types (a read-only field, say).
        xmlconfig.file("testing.zcml", plone.restapi, context=self["configurationContext"])


LOCKING_ZOPE_FIXTURE = LockingZopeFixture()


class CollectiveLockingLayer(PloneSandboxLayer):
    """The add-on installed, with users and a publication workflow for every
    type. Loads no configuration of its own (see the module's docstring)."""

    defaultBases = (LOCKING_ZOPE_FIXTURE,)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.restapi:testing")
        applyProfile(portal, "plone.app.iterate:default")
        applyProfile(portal, "collective.locking:default")
        acl_users = portal.acl_users
        # plone.restapi's own tests log in as the site owner in the site.
        acl_users.userFolderAddUser(SITE_OWNER_NAME, SITE_OWNER_PASSWORD, ["Manager"], [])
        setRoles(portal, TEST_USER_ID, ["Manager"])
        for login, (password, roles) in USERS.items():
            acl_users.userFolderAddUser(login, password, roles, [])
        for login, fullname in (("editor-a", "Editor A"), ("editor-b", "Editor B")):
            portal.portal_membership.getMemberById(login).setMemberProperties(
                {"fullname": fullname}
            )
        # Pages with Volto blocks, as on a Volto site (plone.restapi's behavior).
        document = portal.portal_types["Document"]
        document.behaviors = tuple(document.behaviors) + ("volto.blocks",)
        workflow = portal.portal_workflow
        workflow.setDefaultChain("simple_publication_workflow")
        workflow.setChainForPortalTypes(("Document", "Folder"), "simple_publication_workflow")


FIXTURE = CollectiveLockingLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="CollectiveLockingLayer:IntegrationTesting"
)

FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope.WSGI_SERVER_FIXTURE),
    name="CollectiveLockingLayer:FunctionalTesting",
)


class CachingLayer(PloneSandboxLayer):
    """The same site with plone.app.caching's profile for a caching proxy
    active: ETags (with their ``locked`` component) on every page and on
    REST GETs."""

    defaultBases = (FIXTURE,)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.app.caching:default")
        applyProfile(portal, "plone.app.caching:with-caching-proxy")
        portal.portal_registry["plone.caching.interfaces.ICacheSettings.enabled"] = True


CACHING_FIXTURE = CachingLayer()

CACHING_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(CACHING_FIXTURE, zope.WSGI_SERVER_FIXTURE),
    name="CollectiveLockingLayer:CachingFunctionalTesting",
)


class IterateLayer(PloneSandboxLayer):
    """plone.app.iterate's own test set-up (its test types, Documents not
    versioned automatically) on this site, for running its tests here. Its
    test configuration registers a profile and no adapters."""

    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.app.iterate.tests

        self.loadZCML(package=plone.app.iterate.tests)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.app.iterate.tests:testingdx")
        fti = portal.portal_types["Document"]
        versioning = {"plone.app.versioningbehavior.behaviors.IVersionable", "plone.versioning"}
        fti.behaviors = tuple(name for name in fti.behaviors if name not in versioning)


ITERATE_FIXTURE = IterateLayer()

ITERATE_INTEGRATION_TESTING = IntegrationTesting(
    bases=(ITERATE_FIXTURE,), name="CollectiveLockingLayer:IterateIntegration"
)

ITERATE_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(ITERATE_FIXTURE,), name="CollectiveLockingLayer:IterateFunctional"
)


class NotAnnotatable(PortalContent):
    """Content that cannot carry annotations (some CMF types cannot): it has
    no locks and cannot get any, and everything else works as without the
    add-on."""

    meta_type = "collective.locking not annotatable"
    portal_type = "Not annotatable"

    def __init__(self, id, title=""):
        self.id = id
        self.title = title
