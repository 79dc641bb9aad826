"""Test layers: a Plone site with plone.restapi and this add-on installed,
and users to act as two editors, a site administrator and a reader."""

from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.restapi.testing import PLONE_RESTAPI_DX_FIXTURE
from plone.testing import zope

import collective.locking


#: login name -> (password, roles)
USERS = {
    "editor-a": ("secret-a", ["Member", "Editor"]),
    "editor-b": ("secret-b", ["Member", "Editor"]),
    "siteadmin": ("secret-admin", ["Member", "Site Administrator"]),
    "reader": ("secret-reader", ["Member", "Reader"]),
}


class CollectiveLockingLayer(PloneSandboxLayer):
    defaultBases = (PLONE_RESTAPI_DX_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        self.loadZCML(package=collective.locking)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "collective.locking:default")
        acl_users = portal.acl_users
        for login, (password, roles) in USERS.items():
            acl_users.userFolderAddUser(login, password, roles, [])
        portal.portal_membership.getMemberById("editor-a").setMemberProperties(
            {"fullname": "Editor A"}
        )
        portal.portal_workflow.setChainForPortalTypes(
            ("Document", "Folder"), "simple_publication_workflow"
        )


FIXTURE = CollectiveLockingLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="CollectiveLockingLayer:IntegrationTesting"
)

FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, zope.WSGI_SERVER_FIXTURE),
    name="CollectiveLockingLayer:FunctionalTesting",
)
