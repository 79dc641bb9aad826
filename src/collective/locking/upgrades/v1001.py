"""1000 -> 1001: the site-wide lock index, the history setting, the "Manage
locks" permission and the versioning modifier."""

from collective.locking.guard import trust_this_transaction
from collective.locking.setuphandlers import post_install


def upgrade(context):
    trust_this_transaction("collective.locking upgrade to 1001")
    context.runImportStepFromProfile("profile-collective.locking:default", "plone.app.registry")
    context.runImportStepFromProfile("profile-collective.locking:default", "rolemap")
    post_install(context)


def rebuild_index(context):
    """Also a command of its own: build the index anew from the items' own
    lock tables (after an import, say)."""
    trust_this_transaction("rebuilding collective.locking's index")
    post_install(context)
