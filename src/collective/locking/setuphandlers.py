"""Install and uninstall hooks."""

from Products.CMFPlone.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    """Keep the uninstall profile out of the add-ons control panel."""

    def getNonInstallableProfiles(self):
        return ["collective.locking:uninstall"]

    def getNonInstallableProducts(self):
        return ["collective.locking.upgrades"]


def post_install(context):
    """Nothing beyond the profile's steps for now."""


def uninstall(context):
    """Nothing beyond the profile's steps for now: the locks stored on items
    stay in their annotations, and plone.restapi's stock @lock ignores them
    except for the Zope locks that mirror resource locks."""
