"""DELETE {folder or site}/@locks: release, in bulk, what matches and what
the caller may release; ``?dry_run=true`` tells what that would be."""

from collective.locking import _
from collective.locking import management
from collective.locking import parameters
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import translated
from collective.locking.services.info import entry_info
from collective.locking.services.locks.query import LocksService
from collective.locking.services.refusals import refuse


class LocksDelete(LocksService):
    """With filters in the query string (as GET), or ``{"locks": [public
    lock URIs]}`` in the body; never both. Anything it does not know is
    refused before anything is released: a typo never widens a release."""

    def respond(self, body):
        if self.path:
            if self.path == ["history"]:
                message = _("The history cannot be deleted: lower its size in the settings.")
                return refuse(self.request, 405, "MethodNotAllowed", message)
            return refuse(self.request, 404, "NotFound", _("No such resource."))
        form = self.request.form
        parameters.check_parameters(form, parameters.RELEASE_PARAMETERS)
        unknown = sorted(set(body) - {"locks"})
        if unknown:
            raise InvalidLockRequest(
                _(
                    "Unknown key(s): ${keys} (allowed: locks). Nothing was done.",
                    mapping={"keys": ", ".join(unknown)},
                )
            )
        dry_run = parameters.parse_bool("dry_run", form.get("dry_run", "false"))
        filters = parameters.parse_filters(form)
        if "locks" in body:
            if filters:
                raise InvalidLockRequest(
                    _("Give either filters or a list of locks, not both. Nothing was done.")
                )
            entries, missing = management.named_entries(self.context, body["locks"])
        else:
            entries, missing = management.visible_entries(self.context, filters), []
        released, refused = management.release_entries(
            self.context, self.request, entries, dry_run=dry_run
        )
        no_lock = translated(management.NO_SUCH_LOCK, self.request)
        answer = {
            "released": [self.shown(entry) for entry in released],
            "refused": [{"@id": uri, "reason": no_lock} for uri in missing]
            + [
                {**self.shown(entry), "reason": translated(reason, self.request)}
                for entry, reason in refused
            ],
        }
        if dry_run:
            answer["dry_run"] = True
        return answer

    def shown(self, entry):
        return {"@id": management.lock_uri(entry), **entry_info(entry)}
