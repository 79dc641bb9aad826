"""Versions never carry locks (Products.CMFEditions).

Reverting replaces every attribute of the item with the version's, which
would bring back the lock table, Zope locks and marker the item had when the
version was saved: a released lock would live again and its dead token open
it. This modifier keeps lock state out of saved versions, and the item's
current lock state through a revert. Field writes of a revert are checked by
the write guard like any other, and the unlock that CMFEditions does after a
revert releases the reverting user's own locks only, never breaks another's.
"""

from Acquisition import aq_base
from collective.locking import pending
from collective.locking.interfaces import ANNOTATION_KEY
from collective.locking.sitewide import table_of
from plone.locking.interfaces import INonStealableLock
from Products.CMFEditions.interfaces.IModifier import ISaveRetrieveModifier
from Products.CMFEditions.Modifiers import ConditionalModifier
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import noLongerProvides


MODIFIER_ID = "collective_locking_lock_state"
MODIFIER_TITLE = "collective.locking: versions carry no locks"

#: Attributes a revert leaves as the item has them now.
ZOPE_LOCK_ATTRIBUTES = ("_dav_writelocks",)


@implementer(ISaveRetrieveModifier)
class KeepLockStateOutOfVersions:
    def beforeSaveModifier(self, obj, clone):
        annotations = getattr(aq_base(clone), "__annotations__", None)
        if annotations is not None and ANNOTATION_KEY in annotations:
            del annotations[ANNOTATION_KEY]
        if getattr(aq_base(clone), "_dav_writelocks", None) is not None:
            del clone._dav_writelocks
        table = table_of(obj)
        if table is not None and any(record.get("marked") for record in table.locks.values()):
            noLongerProvides(clone, INonStealableLock)
        return {}, [], []

    def afterRetrieveModifier(self, obj, repo_clone, preserve=()):
        if obj is None:
            return [], [], {}
        pending.note_reverting(obj)
        annotations = getattr(aq_base(repo_clone), "__annotations__", None)
        if annotations is not None:
            table = table_of(obj)
            if table is not None:
                annotations[ANNOTATION_KEY] = table  # the very same object
            elif ANNOTATION_KEY in annotations:
                del annotations[ANNOTATION_KEY]
        if INonStealableLock.providedBy(obj):
            alsoProvides(repo_clone, INonStealableLock)
        else:
            noLongerProvides(repo_clone, INonStealableLock)
        return [], list(ZOPE_LOCK_ATTRIBUTES), {}


def install(portal_modifier):
    if MODIFIER_ID not in portal_modifier.objectIds():
        wrapper = ConditionalModifier(MODIFIER_ID, KeepLockStateOutOfVersions(), MODIFIER_TITLE)
        wrapper.edit(enabled=True)
        portal_modifier.register(MODIFIER_ID, wrapper)


def uninstall(portal_modifier):
    if MODIFIER_ID in portal_modifier.objectIds():
        portal_modifier.unregister(MODIFIER_ID)
