"""GET {folder or site}/@locks, and GET {site}/@locks/history."""

from collective.locking.lock import isodate
from collective.locking.services.locks.query import LocksService
from collective.locking.services.locks.query import parse_batch
from collective.locking.services.locks.query import parse_filters
from collective.locking.services.locks.query import parse_sort
from collective.locking.services.refusals import refuse
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal
from plone.restapi.batching import HypermediaBatch


class LocksGet(LocksService):
    def respond(self, body):
        if self.path == ["history"]:
            return self.history()
        if self.path:
            return refuse(self.request, 404, "NotFound", "No such resource.")
        form = self.request.form
        parse_batch(form)
        filters = parse_filters(form)
        sort_on, reverse = parse_sort(form)
        entries = self.selected(filters)
        if sort_on is None:
            entries.sort(key=lambda entry: (entry["path"], entry["fragment"]), reverse=reverse)
        else:
            entries.sort(key=lambda entry: (entry[sort_on], entry["path"]), reverse=reverse)
        return self.batched(entries, self.present)

    def batched(self, entries, present):
        batch = HypermediaBatch(self.request, entries)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": present(list(batch)),
        }
        if batch.links:
            result["batching"] = batch.links
        return result

    def history(self):
        site = portal()
        if path_of(self.context) != path_of(site):
            return refuse(
                self.request, 404, "NotFound", "The history is the site's: @locks/history."
            )
        if not self.manager:
            return refuse(
                self.request, 403, "Forbidden", "Only site administrators see the history."
            )
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
                    "@id": self.item_url(tuple(entry["path"].split("/"))),
                    "UID": entry["uid"],
                },
            }
            for entry in entries
        ]
