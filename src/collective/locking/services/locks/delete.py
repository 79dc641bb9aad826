"""DELETE {folder or site}/@locks: release, in bulk, what matches and what
the caller may release."""

from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockError
from collective.locking.interfaces import IItemLocks
from collective.locking.services.info import entry_info
from collective.locking.services.locks.query import LocksService
from collective.locking.services.locks.query import parse_filters
from collective.locking.sitewide import BULK
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal
from zope.annotation.interfaces import IAnnotations


class LocksDelete(LocksService):
    """With filters in the query string (as GET), or ``{"locks": [public
    lock URIs]}`` in the body. Managers release stealable locks, and
    non-stealable ones with "Break locks"; everyone else only their own."""

    def respond(self, body):
        unknown = sorted(set(body) - {"locks"})
        if unknown:
            raise InvalidLockRequest(f"Unknown key(s): {', '.join(unknown)} (allowed: locks).")
        if "locks" in body:
            entries, missing = self.named(body["locks"])
        else:
            entries, missing = self.selected(parse_filters(self.request.form)), []
        IAnnotations(self.request)[BULK] = True
        released, refused = (
            [],
            [{"@id": uri, "reason": "There is no such lock."} for uri in missing],
        )
        for (path, _lock_id), group in self.by_lock(entries).items():
            outcome = self.release(path, group)
            for entry in group:
                shown = {"@id": self.lock_uri(entry), **entry_info(entry)}
                if outcome is None:
                    released.append(shown)
                else:
                    refused.append({**shown, "reason": outcome})
        return {"released": released, "refused": refused}

    def named(self, uris):
        """The entries that public lock URIs name (all in this subtree)."""
        if not isinstance(uris, list) or not all(isinstance(uri, str) for uri in uris):
            raise InvalidLockRequest("locks must be a list of public lock URIs.")
        if len(uris) > 1000:
            raise InvalidLockRequest("Release at most 1000 locks at once.")
        visible = {self.lock_uri(entry): entry for entry in self.selected({})}
        entries, missing = [], []
        base = self.item_url(path_of(self.context))
        for uri in uris:
            plain = uri.replace("/++api++", "")
            if not (plain == base or plain.startswith(base + "/")) or "/@lock" not in plain:
                raise InvalidLockRequest(f"Not a public lock URI under {base}: {uri}")
            if plain in visible:
                entries.append(visible[plain])
            else:
                missing.append(uri)
        return entries, missing

    def by_lock(self, entries):
        groups = {}
        for entry in entries:
            groups.setdefault((entry["path"], entry["lock_id"]), []).append(entry)
        return groups

    def release(self, path, group):
        """Release the fragments of one lock (or the lock); None if done,
        else why not."""
        item = portal().unrestrictedTraverse("/".join(path), None)
        if item is None:
            return "The item is gone."
        locks = IItemLocks(item)
        lock = next((lock for lock in locks.active() if lock.lock_id == group[0]["lock_id"]), None)
        if lock is None:
            return "This lock ended meanwhile."
        fragments = [entry["fragment"] for entry in group if entry["fragment"]]
        whole = not lock.fragments or set(fragments) >= set(lock.fragments)
        if not (locks.owns(lock) or self.manager):
            return "You may release only your own locks."
        try:
            # The owner's own release, or a forced one under its rules.
            locks.force_release(lock, None if whole else fragments)
        except LockError as error:
            return str(error)
        return None
