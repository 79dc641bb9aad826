"""GET {folder or site}/@locks, and GET {site}/@locks/history."""

from collective.locking import management
from collective.locking.lock import isodate
from collective.locking.services.locks.query import LocksService
from collective.locking.services.locks.query import parse_batch
from collective.locking.services.refusals import refuse
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal


class LocksGet(LocksService):
    def respond(self, body):
        if self.path == ["history"]:
            return self.history()
        if self.path:
            return refuse(self.request, 404, "NotFound", "No such resource.")
        form = self.request.form
        parse_batch(form)
        filters = management.parse_filters(form)
        sort_on, reverse = management.parse_sort(form)
        entries = management.visible_entries(self.context, filters, sort_on, reverse)
        return self.batched(entries, self.present)

    def history(self):
        if path_of(self.context) != path_of(portal()):
            message = "The history is the site's: {site}/@locks/history."
            return refuse(self.request, 404, "NotFound", message)
        if not self.manager:
            message = "Only site administrators see the history."
            return refuse(self.request, 403, "Forbidden", message)
        parse_batch(self.request.form)
        return self.batched(list(self.index.history.entries()), self.present_history)

    def present_history(self, entries):
        return [
            {
                "when": isodate(entry["when"]),
                "how": entry["how"],
                "actor": entry["actor"] or None,
                "creator": entry["creator"] or None,
                "kind": entry["kind"],
                "fragments": entry["fragments"],
                "item": {
                    "@id": management.item_url(tuple(entry["path"].split("/"))),
                    "UID": entry["uid"],
                },
            }
            for entry in entries
        ]
