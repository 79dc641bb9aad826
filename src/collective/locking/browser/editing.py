"""The classic edit form of every type, as the locks allow it.

- While another user holds the whole item, the form does not open: the
  editor is sent to the item's view with a message that names the holder
  and when the lock ends. No form that would refuse its own save looks
  editable.
- Beside other users' fragment locks, fields they hold are read-only and
  say, in words, who holds them and until when; the form locks the fields
  it shows (types with plone.locking's behavior, as stock Plone locks them).
- Locks the editor holds from another client (Volto, a script) are told
  apart: the form offers to take them over (``?collective.locking.own=take``)
  or to leave them alone (their fields read-only here), and its Save and
  Cancel release only the locks the form took.
- A save that would write a field someone took meanwhile saves nothing: the
  form comes back with everything typed and an error on each such field.
"""

from collective.locking import _
from collective.locking import scope
from collective.locking.browser.editing_locks import EditingLocks
from collective.locking.browser.editing_locks import form_query
from collective.locking.browser.editing_locks import HELD
from collective.locking.browser.editing_locks import modified_stamp
from collective.locking.browser.editing_locks import OWN
from collective.locking.browser.editing_locks import SINCE
from collective.locking.browser.locking import opening_form
from collective.locking.browser.words import fragment_titles
from collective.locking.browser.words import holder_name
from collective.locking.browser.words import tr
from collective.locking.browser.words import until
from collective.locking.errors import LockError
from collective.locking.rules import fragments_overlap
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.lockingbehavior.behaviors import ILocking
from plone.dexterity.browser.edit import DefaultEditForm
from plone.locking.interfaces import STEALABLE_LOCK
from plone.z3cform import layout
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import urlencode
from z3c.form import button
from z3c.form.interfaces import DISPLAY_MODE
from z3c.form.interfaces import IErrorViewSnippet
from zExceptions import Redirect
from zope.component import getMultiAdapter
from zope.interface import Invalid


class LockAwareEditForm(DefaultEditForm):
    """plone.dexterity's edit form, for every type, as the locks allow."""

    handlers = DefaultEditForm.handlers.copy()

    #: Set once the save told the editor that others changed the item since
    #: the form opened: their next save is their choice, made knowingly.
    warned_of_changes = False

    def update(self):
        self.editing = EditingLocks(self.context, self.request, self.opening)
        if self.opening:
            self.refuse_if_held_as_a_whole()
        scope.keep_locks(
            self.request, self.context, [lock.lock_id for lock in self.editing.elsewhere]
        )
        with opening_form(self):
            super().update()

    @property
    def takes_locks(self):
        """Types with plone.locking's behavior lock what their form edits."""
        return ILocking.providedBy(self.context)

    def refuse_if_held_as_a_whole(self):
        holder = self.editing.whole_item_holder
        if holder is not None:
            IStatusMessage(self.request).add(self.held_as_a_whole(holder), type="warning")
            raise Redirect(self.view_url())

    def held_as_a_whole(self, holder):
        return _(
            "This item was locked by ${fullname} (${userid}) ${until}. You can edit it "
            "when they are done, or ask them to release it.",
            mapping={
                "fullname": holder_name(holder),
                "userid": holder.creator or "",
                "until": until(holder.expires, self.request),
            },
        )

    def view_url(self):
        url = self.context.absolute_url()
        default_view = self.context.defaultView() if hasattr(self.context, "defaultView") else ""
        return f"{url}/@@{default_view}" if default_view else url

    # Widgets: read-only where others (or the editor elsewhere) hold them.

    def all_widgets(self):
        for widgets in [self.widgets] + [group.widgets for group in getattr(self, "groups", ())]:
            yield from widgets.values()

    def submitted(self, widget):
        """Whether the form sent this widget (an input, its parts such as a
        link widget's ``.external``, or its empty marker)."""
        name = widget.name
        return any(
            key == name or key.startswith((f"{name}.", f"{name}-", f"{name}:"))
            for key in self.request.form
        )

    def updateActions(self):
        # Widgets (of every fieldset) are ready, actions not run yet.
        self.mark_held_fields()
        if self.opening and self.takes_locks:
            self.lock_shown_fields()
        super().updateActions()

    @property
    def opening(self):
        return not any(
            self.request.form.get(name) for name in ("form.buttons.save", "form.buttons.cancel")
        )

    def mark_held_fields(self):
        others = self.editing.held_by_others()
        elsewhere = self.editing.held_elsewhere()
        for widget in self.all_widgets():
            name = getattr(widget.field, "__name__", None)
            if not self.opening and not self.submitted(widget):
                # Shown read-only when the form opened (held then): z3c.form
                # would save its missing value, which is no one's change.
                widget.mode = DISPLAY_MODE
                continue
            if name in others:
                if not self.opening and self.submitted(widget):
                    continue  # taken since the form opened: the save says so
                lock = others[name]
                note = _(
                    "being edited by ${fullname} ${until}",
                    mapping={
                        "fullname": holder_name(lock),
                        "until": until(lock.expires, self.request),
                    },
                )
            elif name in elsewhere:
                note = _("you are editing this in another window or app")
            else:
                continue
            widget.mode = DISPLAY_MODE
            widget.update()
            widget.label = f"{tr(widget.label, self.request)} ({tr(note, self.request)})"
            widget.addClass("held-by-another-editor")

    def lock_shown_fields(self):
        """Beside other locks, lock the fields this form lets its editor
        change (plone.locking would lock the whole item, which the other
        locks forbid); alone, leave it to plone.locking's own lock."""
        editing = self.editing
        if not editing.others and not editing.found_elsewhere:
            return
        if any(not lock.fragments for lock in editing.mine + editing.elsewhere):
            return  # the editor's own whole-item lock covers every field
        taken = set(editing.held_by_others()) | set(editing.held_elsewhere())
        taken |= editing.held_by_form()
        names = {getattr(widget.field, "__name__", None) for widget in self.all_widgets()}
        names &= set(editing.locks.field_names())
        # (``blocks`` is taken while anyone holds one of its blocks.)
        free = sorted(
            name for name in names if not any(fragments_overlap(name, held) for held in taken)
        )
        if free:
            timeout = int(STEALABLE_LOCK.timeout * 60)
            try:
                editing.locks.acquire(fragments=free, timeout=timeout)
            except LockError:
                pass  # taken this very moment: the save will say so

    # The form's URL keeps what it left alone, for its Save and Cancel.

    @property
    def action(self):
        fresh = self.opening or self.warned_of_changes
        query = form_query(self.editing, self.context, self.request, fresh)
        return f"{self.request.getURL()}?{urlencode(query)}"

    def changed_by_others_since_opening(self):
        """The item changed after the form opened, while the form did not
        hold its locks all along (someone broke them, or they expired; or
        the type's form takes none): saving the form's copy of every field
        would undo those changes."""
        form = self.request.form
        since = form.get(SINCE)
        if not isinstance(since, str) or not since or since == modified_stamp(self.context):
            return False
        listed = form.get(HELD)
        listed = listed.split(",") if isinstance(listed, str) else ()
        held = {lock_id for lock_id in listed if lock_id}
        active = {lock.lock_id for lock in self.editing.locks.own()}
        return not held or not held <= active

    def elsewhere_notice(self):
        """What the form tells the editor of their locks from elsewhere."""
        found = self.editing.found_elsewhere
        if not found or not self.opening:
            return None
        url = self.request.getURL()
        if any(not lock.fragments for lock in found):
            what = tr(_("the whole item"), self.request)
        else:
            names = sorted({name for lock in found for name in lock.fragments})
            what = ", ".join(fragment_titles(self.context, names, self.request))
        return {
            "taken": self.editing.choice == "take",
            "what": what,
            "until": until(max(lock.expires for lock in found), self.request),
            "take_url": f"{url}?{urlencode({OWN: 'take'})}",
            "leave_url": f"{url}?{urlencode({OWN: 'leave'})}",
        }

    # Saving: everything, or nothing.

    @button.handler(DefaultEditForm.buttons["save"])
    def handleApply(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        holder = self.editing.whole_item_holder
        if holder is not None:  # taken since the form opened
            self.status = self.held_as_a_whole(holder)
            return
        if self.changed_by_others_since_opening():
            self.warned_of_changes = True
            self.status = _(
                "Nothing was saved: someone else changed this item after you opened the "
                "form, and your lock on it had ended (broken or expired). Your input is "
                "still in the form; open the item again in another tab to see their changes."
            )
            return
        taken = self.taken_meanwhile(data)
        if taken:
            self.refuse_save(taken)
            return
        DefaultEditForm.handlers.getHandler(DefaultEditForm.buttons["save"])(self, action)

    def taken_meanwhile(self, data):
        """The widgets whose field someone else locked since the form opened
        and whose value this save would change, with the lock."""
        others = self.editing.held_by_others()
        found = []
        for widget in self.all_widgets():
            field = widget.field
            name = getattr(field, "__name__", None)
            if name not in others or widget.mode == DISPLAY_MODE or widget.__name__ not in data:
                continue
            stored = field.get(field.interface(self.context)) if field.interface else None
            if data[widget.__name__] != stored:
                found.append((widget, others[name]))
        return found

    def refuse_save(self, taken):
        errors = list(self.widgets.errors or ())
        for widget, lock in taken:
            message = _(
                "${fullname} started editing this field after you opened the form "
                "(${until}). Your change to it was not saved; copy it if you need it.",
                mapping={"fullname": holder_name(lock), "until": until(lock.expires, self.request)},
            )
            error = Invalid(tr(message, self.request))
            snippet = getMultiAdapter(
                (error, self.request, widget, widget.field, self, self.context), IErrorViewSnippet
            )
            snippet.update()
            widget.error = snippet
            errors.append(snippet)
        self.widgets.errors = tuple(errors)
        self.status = _(
            "Nothing was saved: someone else is now editing a field you changed. "
            "Your input is still in the form."
        )


LockAwareEditView = layout.wrap_form(LockAwareEditForm)


class LocksElsewhereViewlet(ViewletBase):
    """Above the edit form: the editor's own locks from another window or
    app, and the choice to take them over here or leave them alone."""

    index = ViewPageTemplateFile("templates/elsewhere.pt")

    def notice(self):
        form = getattr(self.view, "form_instance", None)
        if not isinstance(form, LockAwareEditForm) or not hasattr(form, "editing"):
            return None
        return form.elsewhere_notice()
