"""The locking control panels: ``@@locking-controlpanel`` in the classic
Site Setup (settings, the site's locks with filters and release, the recent
history), and ``@controlpanels/locking`` for Volto's Site Setup."""

from collective.locking import clock
from collective.locking import management
from collective.locking.errors import InvalidLockRequest
from collective.locking.interfaces import ICollectiveLockingLayer
from collective.locking.interfaces import ILockSettings
from collective.locking.lock import isodate
from collective.locking.settings import PREFIX
from collective.locking.sitewide import site_locks
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.protect import CheckAuthenticator
from plone.restapi.controlpanels import RegistryConfigletPanel
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import urlencode
from zope.component import adapter
from zope.interface import Interface

import itertools


#: How many history entries the classic panel shows.
HISTORY_SHOWN = 20

#: How many locks one page of the classic panel lists.
PAGE_SIZE = 100


class LockSettingsForm(RegistryEditForm):
    schema = ILockSettings
    schema_prefix = PREFIX
    label = "Locking"
    description = (
        "Lock timeouts and the history of forced releases. Below: every lock "
        "of the site, to filter and release."
    )


class LockingControlPanel(ControlPanelFormWrapper):
    form = LockSettingsForm
    index = ViewPageTemplateFile("templates/controlpanel.pt")

    def __call__(self):
        if self.request.form.get("release-selected"):
            return self.release_selected()
        return super().__call__()

    # The lock list

    def filters(self):
        """The filters as the form shows them (what the user typed)."""
        form = self.request.form
        return {name: form.get(name, "") for name in ("creator", "kind", "fragment", "stealable")}

    def locks(self):
        try:
            filters = management.parse_filters(self.filters())
        except InvalidLockRequest as error:
            IStatusMessage(self.request).add(str(error), type="error")
            filters = {}
        entries = management.visible_entries(self.context, filters)
        self.locks_total = len(entries)
        shown = entries[:PAGE_SIZE]
        items = management.items_of(shown)
        return [
            {
                "uri": management.lock_uri(entry),
                "item_url": management.item_url(entry["path"]),
                "title": items.get(entry["uid"], ("", ""))[0] or "/".join(entry["path"]),
                "kind": entry["kind"],
                "fragment": entry["fragment"],
                "creator": entry["creator"],
                "created": isodate(entry["created"]),
                "expires": isodate(entry["expires"]),
                "stealable": entry["stealable"],
            }
            for entry in shown
        ]

    def history(self):
        entries = itertools.islice(site_locks().history.entries(), HISTORY_SHOWN)
        return [{**entry, "when": isodate(entry["when"])} for entry in entries]

    def now(self):
        return isodate(clock.now())

    # Releasing

    def release_selected(self):
        CheckAuthenticator(self.request)
        uris = self.request.form.get("locks") or []
        uris = [uris] if isinstance(uris, str) else list(uris)
        messages = IStatusMessage(self.request)
        try:
            entries, missing = management.named_entries(self.context, uris)
        except InvalidLockRequest as error:
            messages.add(str(error), type="error")
            return self.redirect()
        released, refused = management.release_entries(self.context, self.request, entries)
        if released:
            messages.add(f"Released {len(released)} lock(s).", type="info")
        for entry, reason in refused:
            messages.add(f"{management.lock_uri(entry)}: {reason}", type="warning")
        if missing:
            messages.add(f"{len(missing)} lock(s) had ended already.", type="info")
        return self.redirect()

    def redirect(self):
        query = urlencode({key: value for key, value in self.filters().items() if value})
        url = f"{self.context.absolute_url()}/@@locking-controlpanel"
        self.request.response.redirect(f"{url}?{query}" if query else url)
        return ""


@adapter(Interface, ICollectiveLockingLayer)
class LockingControlpanel(RegistryConfigletPanel):
    """Volto's Site Setup: the settings, through plone.restapi."""

    schema = ILockSettings
    schema_prefix = PREFIX
    configlet_id = "collective-locking"
    configlet_category_id = "Products"
