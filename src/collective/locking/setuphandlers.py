"""Install and uninstall: the site-wide index, the versioning modifier, and
what the add-ons control panel shows of this package."""

from collective.locking import sitewide
from collective.locking import versioning
from collective.locking.guard import trust_this_transaction
from collective.locking.interfaces import SITE_ANNOTATION_KEY
from collective.locking.locks import item_locks
from Products.CMFCore.utils import getToolByName
from Products.CMFPlone.interfaces import INonInstallable
from zope.annotation.interfaces import IAnnotations
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    """Keep the uninstall profile out of the add-ons control panel."""

    def getNonInstallableProfiles(self):
        return ["collective.locking:uninstall"]

    def getNonInstallableProducts(self):
        return []


def site_of(setup_tool):
    return getToolByName(setup_tool, "portal_url").getPortalObject()


def post_install(context):
    """The index (built from the items' own tables: locks survive a
    reinstall) and the versioning modifier."""
    site = site_of(context)
    sitewide.rebuild(site)
    modifiers = getToolByName(site, "portal_modifier", None)
    if modifiers is not None:
        versioning.install(modifiers)


def uninstall(context):
    """Release every lock (stock plone.restapi would hand their tokens to
    anyone), and remove the index and the modifier."""
    site = site_of(context)
    trust_this_transaction("uninstalling collective.locking")
    index = sitewide.site_locks(site)
    if index is not None:
        paths = {entry["path"] for entry in index.entries(("",))}
        for path in sorted(paths):
            item = site.unrestrictedTraverse("/".join(path), None)
            if item is not None:
                item_locks(item).clear()
                item_locks(item).forget()
    annotations = IAnnotations(site)
    if SITE_ANNOTATION_KEY in annotations:
        del annotations[SITE_ANNOTATION_KEY]
    modifiers = getToolByName(site, "portal_modifier", None)
    if modifiers is not None:
        versioning.uninstall(modifiers)
