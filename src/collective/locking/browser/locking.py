"""The classic UI, per field: the edit form opens beside other editors'
fragment locks, taking the fields still free; the lock viewlet names every
other holder and their fields.

- ``@@plone_lock_info`` answers as plone.locking's (locked for the current
  user: another user holds a lock), except to the edit form's own check
  (plone.app.lockingbehavior's redirect), which it lets through while
  fields are still free;
- the edit form takes a fragment lock on the free fields when others hold
  some (plone.locking's resource lock otherwise, as before), shows the
  fields others hold read-only, with who holds them and until when, saves
  only the fields it holds, and releases the user's locks on save or cancel;
- the lock viewlet lists the other holders.
"""

from Acquisition import aq_base
from collective.locking.interfaces import IItemLocks
from collective.locking.lock import isodate
from collective.locking.services.info import creator_url
from collective.locking.services.info import name_of
from contextlib import contextmanager
from plone.app.layout.viewlets.locking import LockInfoViewlet
from plone.dexterity.browser.edit import DefaultEditForm
from plone.locking.browser.locking import LockingInformation
from plone.locking.interfaces import STEALABLE_LOCK
from plone.z3cform import layout
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form.interfaces import DISPLAY_MODE
from zope.annotation.interfaces import IAnnotations


class FieldLocks:
    """The locks of an item as the current user's edit form sees them."""

    def __init__(self, context):
        self.locks = IItemLocks(context)
        active = self.locks.active()
        self.others = [lock for lock in active if not self.locks.owns(lock)]
        self.mine = [lock for lock in active if self.locks.owns(lock)]

    @property
    def whole_item_taken(self):
        """Another user holds the item as a whole (a resource lock, or a
        lock held for a process such as a check-out)."""
        return any(not lock.fragments or not lock.user_unlockable for lock in self.others)

    def held_by_others(self):
        """Field name -> the other user's lock on it."""
        return {name: lock for lock in self.others for name in lock.fragments if "/" not in name}

    def free_fields(self):
        held = set(self.held_by_others())
        mine = {name for lock in self.mine for name in lock.fragments}
        return sorted(set(self.locks.field_names()) - held - mine)

    @property
    def locked_for_me(self):
        return self.whole_item_taken or (bool(self.others) and not self.free_fields()
                                         and not self.mine)  # fmt: skip

    def holders(self):
        """Every other holder, with their fields (empty: the whole item)."""
        found = {}
        for lock in self.others:
            holder = found.setdefault(
                lock.creator,
                {
                    "creator": lock.creator,
                    "fullname": name_of(lock.creator, lock.creator_name),
                    "author_page": creator_url(lock.creator) if lock.creator else "",
                    "fields": [],
                    "whole_item": False,
                    "expires": isodate(lock.expires),
                },
            )
            if lock.fragments:
                holder["fields"].extend(lock.fragments)
            else:
                holder["whole_item"] = True
            holder["expires"] = max(holder["expires"], isodate(lock.expires))
        for holder in found.values():
            holder["fields"] = sorted(holder["fields"])
        return list(found.values())


#: Request annotation: the per-field edit form is opening this item.
OPENING = "collective.locking.opening"


@contextmanager
def opening(form):
    annotations = IAnnotations(form.request)
    annotations[OPENING] = aq_base(form.context)
    try:
        yield
    finally:
        annotations.pop(OPENING, None)


class FieldLockingInformation(LockingInformation):
    """``@@plone_lock_info``, aware of fragment locks."""

    def is_locked_for_current_user(self):
        # Stock callers (delete, cut, rename, the workflow menu) read "locked
        # for me" as "someone else holds a lock"; only the per-field edit
        # form opens beside other users' fragment locks.
        if IAnnotations(self.request).get(OPENING) is aq_base(self.context):
            return FieldLocks(self.context).locked_for_me
        return super().is_locked_for_current_user()

    def holders(self):
        return FieldLocks(self.context).holders()


class FieldLockInfoViewlet(LockInfoViewlet):
    """plone.lockinfo: every other holder, and what each holds."""

    template = ViewPageTemplateFile("templates/lockinfo.pt")

    def holders(self):
        return FieldLocks(self.context).holders()


class FieldLockingEditForm(DefaultEditForm):
    def update(self):
        self.field_locks = FieldLocks(self.context)
        if not self.request.form.get("form.buttons.save") and not self.request.form.get(
            "form.buttons.cancel"
        ):
            self.claim_free_fields()
        with opening(self):
            super().update()

    def claim_free_fields(self):
        """Beside other users' fragment locks, lock the fields still free
        (a lock on the whole item would be refused)."""
        field_locks = self.field_locks
        if not field_locks.others or field_locks.whole_item_taken:
            return
        free = field_locks.free_fields()
        if free:
            timeout = int(STEALABLE_LOCK.timeout * 60)
            field_locks.locks.acquire(fragments=free, timeout=timeout)
            self.field_locks = FieldLocks(self.context)

    def updateActions(self):
        # Widgets (of every fieldset) are ready, actions not run yet: the
        # fields others hold become read-only, and are neither extracted nor
        # saved.
        self.show_held_fields()
        super().updateActions()

    def show_held_fields(self):
        """Read-only: the fields others hold, and, for an editor who holds
        fragment locks, every field those do not cover (the form saves only
        what its editor holds)."""
        field_locks = self.field_locks
        held = field_locks.held_by_others()
        mine = {name for lock in field_locks.mine for name in lock.fragments}
        per_field = bool(mine) and all(lock.fragments for lock in field_locks.mine)
        if not held and not per_field:
            return
        for widgets in [self.widgets] + [group.widgets for group in getattr(self, "groups", ())]:
            for widget in widgets.values():
                name = getattr(widget.field, "__name__", None)
                if name in held:
                    lock = held[name]
                    holder = name_of(lock.creator, lock.creator_name)
                    note = f"being edited by {holder} until {isodate(lock.expires)}"
                elif per_field and name not in mine:
                    note = "not locked for you"
                else:
                    continue
                widget.mode = DISPLAY_MODE
                widget.update()
                widget.label = f"{widget.label} ({note})"
                widget.addClass("held-by-another-editor")


FieldLockingEditView = layout.wrap_form(FieldLockingEditForm)


def release_own_locks(obj, event):
    """IEditFinishedEvent and IEditCancelledEvent: the editor's locks go
    (plone.locking releases them only where no one else holds any)."""
    locks = IItemLocks(obj)
    for lock in locks.own():
        if lock.user_unlockable and lock.lock_type == STEALABLE_LOCK.__name__:
            locks.release(lock.token)
