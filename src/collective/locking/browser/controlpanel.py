"""The classic Site Setup's locking control panel, ``@@locking-controlpanel``:
the settings, the site's locks (filters, pages, release after a preview of
what it will do) and the recent history. Volto's is ``browser.restapi``."""

from collective.locking import _
from collective.locking import clock
from collective.locking import management
from collective.locking import parameters
from collective.locking.browser.words import fragment_titles
from collective.locking.browser.words import moment
from collective.locking.browser.words import tr
from collective.locking.browser.words import until
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import message_of
from collective.locking.errors import translated
from collective.locking.interfaces import ILockSettings
from collective.locking.lock import isodate
from collective.locking.services.info import name_of
from collective.locking.settings import PREFIX
from collective.locking.sitewide import site_locks
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.batching import Batch
from plone.protect import CheckAuthenticator
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import urlencode

import itertools


#: How many history entries the classic panel shows.
HISTORY_SHOWN = 20

#: How many locks one page of the classic panel lists.
PAGE_SIZE = 50

#: At most this many locks are released at once (as ``DELETE @locks``).
RELEASE_LIMIT = 1000

FILTER_NAMES = ("creator", "kind", "fragment", "stealable")


class LockSettingsForm(RegistryEditForm):
    schema = ILockSettings
    schema_prefix = PREFIX
    label = _("Locking")
    description = _(
        "Lock timeouts and the history of forced releases. Below: every lock "
        "of the site, to filter and release."
    )


class LockingControlPanel(ControlPanelFormWrapper):
    form = LockSettingsForm
    index = ViewPageTemplateFile("templates/controlpanel.pt")

    #: The preview of a release (a dry run), when one is shown.
    preview = None

    def __call__(self):
        form = self.request.form
        if form.get("release-confirmed"):
            return self.release(self.selected_uris())
        if form.get("release-selected"):
            self.preview = self.dry_run(self.selected_uris())
        elif form.get("release-matching"):
            self.preview = self.dry_run(self.matching_uris())
        return super().__call__()

    # The lock list

    def filters(self):
        """The filters as the form shows them (what the user typed)."""
        form = self.request.form
        return {name: form.get(name, "") for name in FILTER_NAMES}

    def entries(self):
        """The locks the filters select (blank filters are no filters)."""
        given = {name: value for name, value in self.filters().items() if value}
        try:
            return management.visible_entries(self.context, parameters.parse_filters(given))
        except InvalidLockRequest as error:
            message = translated(message_of(error), self.request)
            IStatusMessage(self.request).add(message, type="error")
            return management.visible_entries(self.context, {})

    def batch(self):
        """One page of the locks, for plone.batching's navigation."""
        start = str(self.request.form.get("b_start", 0))  # plone.batching sends b_start:int
        start = int(start) if start.isdigit() else 0
        return Batch(self.entries(), PAGE_SIZE, start)

    def rows(self, entries):
        entries = list(entries)
        items = management.items_of(entries)
        request = self.request
        rows = []
        for entry in entries:
            title = items.get(entry["uid"], ("", ""))[0] or "/".join(entry["path"])
            fragment = entry["fragment"]
            if fragment:
                titles = fragment_titles(self.context_of(entry), [fragment], request)
                what = ", ".join(titles) or fragment
            else:
                what = tr(_("the whole item"), request)
            rows.append(
                {
                    "uri": management.lock_uri(entry),
                    "item_url": management.item_url(entry["path"]),
                    "title": title,
                    "what": what,
                    "fragment": fragment,
                    "holder": name_of(entry["creator"], entry.get("creator_name", "")),
                    "creator": entry["creator"],
                    "created": moment(entry["created"]),
                    "created_iso": isodate(entry["created"]),
                    "expires": until(entry["expires"], request),
                    "expires_iso": isodate(entry["expires"]),
                    "stealable_text": tr(_("yes") if entry["stealable"] else _("no"), request),
                    "select_label": tr(
                        _(
                            "Select the lock on ${what} of ${title}",
                            mapping={"what": what, "title": title},
                        ),
                        request,
                    ),  # fmt: skip
                }
            )
        return rows

    def context_of(self, entry):
        return self.context.unrestrictedTraverse("/".join(entry["path"]), self.context)

    def history(self):
        request = self.request
        entries = itertools.islice(site_locks().history.entries(), HISTORY_SHOWN)
        shown = []
        for entry in entries:
            if entry["how"] == "forced":
                what = _("broken in bulk") if entry["bulk"] else _("broken")
            else:
                what = _("own, released in bulk")
            shown.append(
                {
                    **entry,
                    "when": moment(entry["when"]),
                    "what": tr(what, request),
                    "locks": ", ".join(entry["fragments"]) or tr(_("the whole item"), request),
                }
            )
        return shown

    def now(self):
        return isodate(clock.now())

    # Releasing: a preview (dry run) first, then the release of exactly
    # the locks the preview listed.

    def selected_uris(self):
        uris = self.request.form.get("locks") or []
        return [uris] if isinstance(uris, str) else list(uris)

    def matching_uris(self):
        entries = self.entries()
        return [management.lock_uri(entry) for entry in entries[:RELEASE_LIMIT]]

    def dry_run(self, uris):
        CheckAuthenticator(self.request)
        try:
            entries, missing = management.named_entries(self.context, uris)
        except InvalidLockRequest as error:
            message = translated(message_of(error), self.request)
            IStatusMessage(self.request).add(message, type="error")
            return None
        released, refused = management.release_entries(
            self.context, self.request, entries, dry_run=True
        )
        refused_rows = self.rows(entry for entry, _reason in refused)
        for row, (_entry, reason) in zip(refused_rows, refused, strict=True):
            row["reason"] = tr(reason, self.request)
        no_lock = tr(_("There is no such lock."), self.request)
        gone = [{"uri": uri, "title": uri, "reason": no_lock} for uri in missing]
        return {"released": self.rows(released), "refused": refused_rows + gone}

    def release(self, uris):
        CheckAuthenticator(self.request)
        messages = IStatusMessage(self.request)
        try:
            entries, missing = management.named_entries(self.context, uris)
        except InvalidLockRequest as error:
            messages.add(translated(message_of(error), self.request), type="error")
            return self.redirect()
        released, refused = management.release_entries(self.context, self.request, entries)
        if released:
            message = _("Released ${count} lock(s).", mapping={"count": len(released)})
            messages.add(message, type="info")
        for entry, reason in refused:
            message = f"{management.lock_uri(entry)}: {tr(reason, self.request)}"
            messages.add(message, type="warning")
        if missing:
            message = _("${count} lock(s) had ended already.", mapping={"count": len(missing)})
            messages.add(message, type="info")
        return self.redirect()

    def redirect(self):
        self.request.response.redirect(self.cancel_url())
        return ""

    def cancel_url(self):
        query = urlencode({key: value for key, value in self.filters().items() if value})
        url = f"{self.context.absolute_url()}/@@locking-controlpanel"
        return f"{url}?{query}" if query else url
