"""DELETE {folder or site}/@locks: release, in bulk, what matches and what
the caller may release."""

from collective.locking import management
from collective.locking.errors import InvalidLockRequest
from collective.locking.services.info import entry_info
from collective.locking.services.locks.query import LocksService


class LocksDelete(LocksService):
    """With filters in the query string (as GET), or ``{"locks": [public
    lock URIs]}`` in the body."""

    def respond(self, body):
        unknown = sorted(set(body) - {"locks"})
        if unknown:
            raise InvalidLockRequest(f"Unknown key(s): {', '.join(unknown)} (allowed: locks).")
        if "locks" in body:
            entries, missing = management.named_entries(self.context, body["locks"])
        else:
            filters = management.parse_filters(self.request.form)
            entries, missing = management.visible_entries(self.context, filters), []
        released, refused = management.release_entries(self.context, self.request, entries)
        return {
            "released": [self.shown(entry) for entry in released],
            "refused": [{"@id": uri, "reason": "There is no such lock."} for uri in missing]
            + [{**self.shown(entry), "reason": reason} for entry, reason in refused],
        }

    def shown(self, entry):
        return {"@id": management.lock_uri(entry), **entry_info(entry)}
