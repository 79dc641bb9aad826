"""Site-wide lock management: what the REST ``@locks`` services and the
classic ``@@locking-controlpanel`` share.

Who sees what: holders of "collective.locking: Manage locks" (Manager and
Site Administrator) see every lock; everyone else their own. Who releases
what: a lock's owner releases it; a manager breaks it under the model's
rules (stealable locks, non-stealable ones with "Break locks"), and nothing
else.
"""

from AccessControl import getSecurityManager
from collections.abc import Sequence
from collective.locking import _
from collective.locking import clock
from collective.locking import scope
from collective.locking.entries import as_dict
from collective.locking.entries import CREATOR
from collective.locking.entries import FIELDS
from collective.locking.entries import UID
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockError
from collective.locking.errors import message_of
from collective.locking.interfaces import MANAGE_LOCKS_PERMISSION
from collective.locking.locks import item_locks
from collective.locking.memo import per_request
from collective.locking.principal import current_user_id
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal
from collective.locking.sitewide import site_locks
from collective.locking.sitewide import uid_of


def may_manage(context):
    return bool(getSecurityManager().checkPermission(MANAGE_LOCKS_PERMISSION, context))


#: Why a lock URI is refused that names no (live) lock.
NO_SUCH_LOCK = _("There is no such lock.")


# Selecting


class Entries(Sequence):
    """Raw index entries, each made a dict when read: a batch reads one page
    of them."""

    def __init__(self, raw):
        self.raw = raw

    def __len__(self):
        return len(self.raw)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [as_dict(entry) for entry in self.raw[position]]
        return as_dict(self.raw[position])


class SubtreeEntries(Sequence):
    """Every live entry of a subtree in path order, counted from the index's
    table summaries and read a block at a time (no list of them all; a batch
    asks for its entries one by one)."""

    BLOCK = 100

    def __init__(self, index, path, now):
        self.index, self.path, self.now = index, path, now
        self.length = index.count(path, now)
        self.blocks = {}

    def __len__(self):
        return self.length

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[at] for at in range(*position.indices(self.length))]
        position += self.length if position < 0 else 0
        if not 0 <= position < self.length:
            raise IndexError(position)
        number, offset = divmod(position, self.BLOCK)
        if number not in self.blocks:
            start = number * self.BLOCK
            page = self.index.window(self.path, start, start + self.BLOCK, self.now)
            self.blocks[number] = [as_dict(entry) for entry in page]
        return self.blocks[number][offset]


def visible_entries(context, filters, sort_on=None, reverse=False):
    """The index entries of the live locks at ``context`` and below that
    match ``filters``, that the current user may see (managers: all; others:
    their own) on items they may View now, in path order or sorted by
    ``sort_on``."""
    index = site_locks()
    filters = dict(filters)
    if not may_manage(context):
        if filters.setdefault("creator", current_user_id()) != current_user_id():
            return Entries([])
    plain = not filters and sort_on is None and not reverse
    if plain:
        hidden = hidden_uids(context)
        if not hidden:
            # Counted from the index's table summaries, read a page at a time.
            return SubtreeEntries(index, path_of(context), clock.now())
    raw = list(index.raw_entries(path_of(context), now=clock.now(), **filters))
    if not plain:  # (a plain listing knows what its subtree hides already)
        hidden = hidden_uids(context, {entry[UID] for entry in raw})
    if hidden:
        raw = [entry for entry in raw if entry[UID] not in hidden]
    if sort_on is not None:
        at = FIELDS.index(sort_on)
        raw.sort(key=lambda entry: (entry[at], entry[0], entry[1]))
    if reverse:
        raw.reverse()
    return Entries(raw)


def hidden_uids(context, uids=None):
    """The UIDs of items at ``context`` and below (of ``uids`` only, if
    given) that the current user may not View: asked of the catalog's
    security index, as it is now, and of the site root itself."""
    site = portal()
    catalog = site.portal_catalog
    allowed = catalog._listAllowedRolesAndUsers(getSecurityManager().getUser())
    query = {"allowedRolesAndUsers": {"not": allowed}}
    if uids is not None:
        if not uids:
            return set()
        query["UID"] = list(uids)
    else:
        query["path"] = "/".join(path_of(context))
    hidden = {brain.UID for brain in catalog.unrestrictedSearchResults(**query)}
    site_uid = uid_of(site)
    if (uids is None or site_uid in uids) and path_of(context) == path_of(site):
        if not getSecurityManager().checkPermission("View", site):
            hidden.add(site_uid)
    return hidden


def item_url(path):
    url, depth = site_url_and_depth()
    return "/".join([url, *path[depth:]])


@per_request
def site_url_and_depth():
    """The site's URL as this request sees it, and the length of its path
    (a listing makes dozens of item URLs)."""
    site = portal()
    return site.absolute_url(), len(path_of(site))


def lock_uri(entry):
    url = item_url(entry["path"]) + "/@lock"
    return f"{url}/{entry['fragment']}" if entry["fragment"] else url


def named_entries(context, uris):
    """The visible entries that public lock URIs name, and the URIs that
    name no lock (any more). A URI outside ``context``'s subtree is bad
    input: nothing is released then."""
    if not isinstance(uris, list) or not all(isinstance(uri, str) for uri in uris):
        raise InvalidLockRequest(_("locks must be a list of public lock URIs."))
    if len(uris) > 1000:
        raise InvalidLockRequest(_("Release at most 1000 locks at once."))
    index = site_locks()
    now = clock.now()
    manager = may_manage(context)
    viewer = current_user_id()
    base = item_url(path_of(context))
    found = []
    for uri in uris:
        plain = uri.replace("/++api++", "")
        if not (plain == base or plain.startswith(base + "/")) or "/@lock" not in plain:
            raise InvalidLockRequest(
                _("Not a public lock URI under ${base}: ${uri}", mapping={"base": base, "uri": uri})
            )
        key = key_of(context, plain[len(base) :])
        entry = index.entry(*key, now=now) if key is not None else None
        found.append((uri, entry if entry and (manager or entry[CREATOR] == viewer) else None))
    hidden = hidden_uids(context, {entry[UID] for _uri, entry in found if entry})
    entries, missing = [], []
    for uri, entry in found:
        if entry is None or entry[UID] in hidden:
            missing.append(uri)
        else:
            entries.append(as_dict(entry))
    return entries, missing


def key_of(context, rest):
    """The item path and fragment a lock URI names, from what follows ``context``'s URL:
    ``/a/b/@lock`` or ``/a/b/@lock/{fragment}``."""
    item, _lock, fragment = rest.partition("/@lock")
    if fragment and not fragment.startswith("/"):
        return None  # not a lock URI (``@locks``, say)
    segments = tuple(segment for segment in item.split("/") if segment)
    return path_of(context) + segments, fragment[1:]


def items_of(entries):
    """The items of ``entries`` by UID: title and type, one catalog query."""
    site = portal()
    uids = [entry["uid"] for entry in entries if entry["uid"]]
    brains = site.portal_catalog.unrestrictedSearchResults(UID=uids) if uids else []
    found = {brain.UID: (brain.Title, brain.portal_type) for brain in brains}
    found[uid_of(site)] = (site.Title(), site.portal_type)
    return found


# Releasing


def release_entries(context, request, entries, dry_run=False):
    """Release what ``entries`` name, each as the current user may; returns
    (released, refused) where refused pairs an entry with the reason. With
    ``dry_run``, the same answer, and nothing released."""
    scope.of(request).bulk = True  # kept in the history as a bulk release
    manager = may_manage(context)
    groups = {}
    for entry in entries:
        groups.setdefault((entry["path"], entry["lock_id"]), []).append(entry)
    released, refused = [], []
    for (path, lock_id), group in groups.items():
        reason = release_one(path, lock_id, group, manager, dry_run)
        if reason is None:
            released.extend(group)
        else:
            refused.extend((entry, reason) for entry in group)
    return released, refused


def release_one(path, lock_id, group, manager, dry_run=False):
    """Release the named fragments of one lock (or the lock); None if done
    (or, with ``dry_run``, if it would be done), else why not."""
    item = portal().unrestrictedTraverse("/".join(path), None)
    if item is None:
        return _("The item is gone.")
    locks = item_locks(item)
    lock = next((lock for lock in locks.active() if lock.lock_id == lock_id), None)
    if lock is None:
        return _("This lock ended meanwhile.")
    if not (locks.owns(lock) or manager):
        return _("You may release only your own locks.")
    refusal = locks.release_refusal(lock)
    if refusal is not None or dry_run:
        return refusal
    fragments = [entry["fragment"] for entry in group if entry["fragment"]]
    whole = not lock.fragments or set(fragments) >= set(lock.fragments)
    try:
        # The owner's own release, or a forced one under the model's rules.
        locks.force_release(lock, None if whole else fragments)
    except LockError as error:
        return message_of(error)
    return None
