"""What the add-ons control panel shows of this package."""

from Products.CMFPlone.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    """Keep the uninstall profile out of the add-ons control panel."""

    def getNonInstallableProfiles(self):
        return ["collective.locking:uninstall"]

    def getNonInstallableProducts(self):
        return ["collective.locking.upgrades"]
