"""The site-wide index and history: where they live, how the model's events
keep them up to date, and the rebuild (the sweep of expired locks is
``sweep``'s)."""

from collective.locking import clock
from collective.locking import history
from collective.locking import logger
from collective.locking import scope
from collective.locking import zodb
from collective.locking.annotated import annotations_of
from collective.locking.errors import DevelopmentDatabase
from collective.locking.errors import LockError
from collective.locking.index import of_current_shape
from collective.locking.index import SiteLocks
from collective.locking.interfaces import ANNOTATION_KEY
from collective.locking.interfaces import SITE_ANNOTATION_KEY
from collective.locking.locks import item_locks
from collective.locking.settings import settings
from contextlib import contextmanager
from plone.base.interfaces.siteroot import IPloneSiteRoot
from plone.protect.auto import safeWrite
from plone.uuid.interfaces import IUUID
from Products.CMFCore.indexing import processQueue
from zope.component.hooks import getSite


def portal():
    site = getSite()
    while site is not None and not IPloneSiteRoot.providedBy(site):
        site = getattr(site, "__parent__", None) or getattr(site, "aq_parent", None)
    return site


def site_locks(site=None, create=False):
    """The site's ``SiteLocks``, or None where the add-on is not installed.
    An index or history of another shape was made by a development version:
    ``DevelopmentDatabase`` says in one line what to run."""
    site = site if site is not None else portal()
    annotations = annotations_of(site)
    if annotations is None:
        return None
    found = annotations.get(SITE_ANNOTATION_KEY)
    if found is None and create:
        found = annotations[SITE_ANNOTATION_KEY] = SiteLocks()
    if found is not None and not of_current_shape(found):
        raise DevelopmentDatabase()
    return found


@contextmanager
def safe_writes(index):
    """Mark what a change to the index writes as a safe write for
    plone.protect: an edit form takes its lock on a GET, and the index's
    BTree buckets change with it."""
    jar = index._p_jar
    before = {id(obj) for obj in zodb.registered_objects(jar)} if jar is not None else set()
    yield
    if jar is not None:
        for obj in zodb.registered_objects(jar):
            if id(obj) not in before:
                safeWrite(obj)


def path_of(item):
    return tuple(item.getPhysicalPath())


def uid_of(item):
    return IUUID(item, None) or ""


# Keeping the index up to date (subscribers of the model's events)


def table_of(item):
    annotations = annotations_of(item)
    return annotations.get(ANNOTATION_KEY) if annotations is not None else None


def lock_taken(item, event):
    """ILockCreatedEvent and ILockRefreshedEvent: the index knows where the
    item keeps its locks, and who locked there (it writes nothing when it
    knows that already: the common case)."""
    index = site_locks()
    table = table_of(item)
    if index is not None and table is not None:
        with safe_writes(index):
            index.index(path_of(item), uid_of(item), table, event.lock.creator or "")
    note_change()


def lock_ended(item, event):
    """ILockEndedEvent (released, force-released, expired): the item's table
    tells; a sweep follows the request."""
    note_change()


def lock_broken(item, event):
    """ILockForceReleasedEvent: logged and kept in the audit trail."""
    lock = event.lock
    fragments = event.fragments if lock.fragments else ()
    logger.warning(
        "%s lock%s on %s owned by %s force-released by %s",
        lock.kind,
        f" of {', '.join(fragments)}" if fragments else "",
        "/".join(path_of(item)),
        lock.creator,
        event.actor,
    )
    remember(item, lock, fragments, event.actor, history.FORCED)


def lock_released(item, event):
    """ILockReleasedEvent: a bulk release of one's own locks is history too
    (in its own record, apart from the audit trail)."""
    if bulk_request():
        lock = event.lock
        fragments = event.fragments if lock.fragments else ()
        remember(item, lock, fragments, lock.creator, history.RELEASED)


def remember(item, lock, fragments, actor, how):
    index = site_locks()
    if index is None:
        return
    index.history.record(
        {
            "when": clock.now(),
            "how": how,
            "actor": actor or "",
            "creator": lock.creator or "",
            "path": "/".join(path_of(item)),
            "uid": uid_of(item),
            "kind": lock.kind,
            "fragments": fragments,
            "bulk": bulk_request(),
        },
        settings()["history_size"],
    )


def history_size_changed(settings_proxy, event):
    """IRecordModifiedEvent of the settings: a smaller ``history_size`` trims
    the history at once (the only way through the web to forget entries)."""
    if event.record.fieldName != "history_size" or event.newValue is None:
        return
    index = site_locks()
    if index is not None:
        index.history.trim(event.newValue)


def bulk_request():
    request_scope = scope.peek()
    return request_scope is not None and request_scope.bulk


def note_change():
    """This request changed locks: a sweep follows it."""
    request_scope = scope.of()
    if request_scope is not None:
        request_scope.changed_locks = True


def item_moved(item, event):
    """IObjectMovedEvent: the item's key follows it (once, for the item
    moved itself; its contents come along in the same range)."""
    if event.object is not item or event.oldParent is None or event.newParent is None:
        return
    index = site_locks()
    if index is None:
        return
    old_path = tuple(event.oldParent.getPhysicalPath()) + (event.oldName,)
    index.move_path(old_path, path_of(item))


def item_removed(item, event):
    """IObjectRemovedEvent: the locks of a removed subtree are gone."""
    if event.object is not item or event.oldParent is None:
        return
    index = site_locks()
    if index is not None:
        index.unindex_path(tuple(event.oldParent.getPhysicalPath()) + (event.oldName,))


# The rebuild


def rebuild(site):
    """Build the index anew from the items' own lock tables (after an import,
    say); returns how many locks it found."""
    index = site_locks(site, create=True)
    index.clear()
    found = 0
    catalog = site.portal_catalog
    processQueue()  # items added in this transaction
    brains = catalog.unrestrictedSearchResults(path="/".join(site.getPhysicalPath()))
    items = [site] + [brain._unrestrictedGetObject() for brain in brains]
    for item in items:
        locks = item_locks(item)
        if any(lock.foreign for lock in locks.active()):
            adopt_zope_locks(locks)
        table = table_of(item)
        for lock in locks.active():
            if table is not None and lock.token in table.locks:
                index.index(path_of(item), uid_of(item), table, lock.creator or "")
                found += 1
    return found


def adopt_zope_locks(locks):
    """Zope locks made before the add-on was installed (stock plone.locking,
    WebDAV) become locks of the model, as WebDAV's own are."""
    try:
        locks.sync_with_zope()
    except LockError as error:
        logger.warning("collective.locking: a Zope lock was not adopted: %s", error)
