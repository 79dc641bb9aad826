"""GET {folder or site}/@locks, and GET {site}/@locks/history."""

from collective.locking import _
from collective.locking import history
from collective.locking import management
from collective.locking import parameters
from collective.locking.errors import InvalidLockRequest
from collective.locking.lock import isodate
from collective.locking.services.locks.query import LocksService
from collective.locking.services.locks.query import parse_batch
from collective.locking.services.refusals import refuse
from collective.locking.sitewide import path_of
from collective.locking.sitewide import portal

import itertools


class LocksGet(LocksService):
    def respond(self, body):
        if self.path == ["history"]:
            return self.history()
        if self.path:
            return refuse(self.request, 404, "NotFound", _("No such resource."))
        form = self.request.form
        parameters.check_parameters(form, parameters.LISTING_PARAMETERS)
        parse_batch(form)
        filters = parameters.parse_filters(form)
        sort_on, reverse = parameters.parse_sort(form)
        entries = management.visible_entries(self.context, filters, sort_on, reverse)
        return self.batched(entries, self.present)

    def history(self):
        if path_of(self.context) != path_of(portal()):
            message = _("The history is the site's: {site}/@locks/history.")
            return refuse(self.request, 404, "NotFound", message)
        if not self.manager:
            message = _("Only site administrators see the history.")
            return refuse(self.request, 403, "Forbidden", message)
        form = self.request.form
        parameters.check_parameters(form, parameters.HISTORY_PARAMETERS)
        parse_batch(form)
        how = form.get("how")
        if how is not None and how not in history.KINDS:
            raise InvalidLockRequest(
                _("how must be one of: ${kinds}.", mapping={"kinds": ", ".join(history.KINDS)})
            )
        kept = self.index.history
        return self.batched(HistoryEntries(kept, how), self.present_history)

    def present_history(self, entries):
        return [
            {
                "when": isodate(entry["when"]),
                "how": entry["how"],
                "bulk": entry["bulk"],
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


class HistoryEntries:
    """The history as a sequence a batch reads one page of."""

    def __init__(self, kept, how):
        self.kept, self.how = kept, how

    def __len__(self):
        return self.kept.count(self.how)

    def __getitem__(self, position):
        if not isinstance(position, slice):
            return self[position : position + 1][0]
        start, stop, _step = position.indices(len(self))
        return list(itertools.islice(self.kept.entries(self.how), start, stop))
