"""The classic UI's lock information, aware of fragment locks:

- ``@@plone_lock_info`` answers as plone.locking's (locked for the current
  user: another user holds a lock), except while the edit form updates
  (plone.app.lockingbehavior's redirect when it opens): the form has said
  which fields it writes, and ``ILockable.locked()`` answers for those;
- the lock viewlet names every other holder, in words: their full name, the
  fields they hold as the form titles them, and until when.
"""

from Acquisition import aq_inner
from collective.locking import _
from collective.locking import fragments
from collective.locking import scope
from collective.locking.browser.words import fragment_titles
from collective.locking.browser.words import holder_name
from collective.locking.browser.words import tr
from collective.locking.browser.words import until
from collective.locking.locks import item_locks
from collective.locking.services.info import creator_url
from contextlib import contextmanager
from plone.app.layout.viewlets.locking import LockInfoViewlet
from plone.locking.browser.locking import LockingInformation
from plone.locking.interfaces import ILockable
from plone.locking.interfaces import STEALABLE_LOCK
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


@contextmanager
def opening_form(form):
    """While the edit form updates (opens, or saves), the request writes the
    fields no one else holds; owners pass, as everywhere in the classic UI."""
    fields = fragments.field_names(form.context) - set(form.editing.held_by_others())
    with scope.writing(form.request, form.context, fields, owner_passes=True):
        yield


def other_users_locks(context):
    locks = item_locks(context)
    return [lock for lock in locks.active() if not locks.owns(lock)]


class FieldLockingInformation(LockingInformation):
    """``@@plone_lock_info``, aware of fragment locks."""

    def is_locked_for_current_user(self):
        # Stock callers (delete, cut, rename, the workflow menu) read "locked
        # for me" as "someone else holds a lock"; while the edit form updates,
        # the question is the form's: does a lock hold against what it writes?
        if scope.declared_writes(self.context) is not None:
            return ILockable(aq_inner(self.context)).locked()
        return super().is_locked_for_current_user()

    def holders(self):
        return holders(self.context, self.request)


def holders(context, request):
    """Every other holder, in words: full name, page, what they hold (field
    titles as the edit form shows them; empty: the whole item), until when."""
    found = {}
    for lock in other_users_locks(context):
        holder = found.setdefault(
            lock.creator,
            {
                "creator": lock.creator,
                "fullname": holder_name(lock),
                "author_page": creator_url(lock.creator) if lock.creator else "",
                "fragments": [],
                "whole_item": False,
                "expires": lock.expires,
            },
        )
        if lock.fragments:
            holder["fragments"].extend(lock.fragments)
        else:
            holder["whole_item"] = True
        holder["expires"] = max(holder["expires"], lock.expires)
    for holder in found.values():
        holder["fields"] = fragment_titles(context, sorted(holder.pop("fragments")), request)
        holder["until"] = until(holder.pop("expires"), request)
        holder["sentence"] = tr(sentence(holder), request)
    return list(found.values())


def sentence(holder):
    mapping = {"fullname": holder["fullname"], "until": holder["until"]}
    if holder["whole_item"]:
        return _("This item was locked by ${fullname} ${until}.", mapping=mapping)
    fields = ", ".join(holder["fields"])
    return _("${fullname} is editing ${fields} ${until}.", mapping={**mapping, "fields": fields})


class FieldLockInfoViewlet(LockInfoViewlet):
    """plone.lockinfo: every other holder, and what each holds."""

    template = ViewPageTemplateFile("templates/lockinfo.pt")

    def holders(self):
        return holders(self.context, self.request)

    def icon_alt(self):
        return tr(_("Locked"), self.request)


def release_own_locks(obj, event):
    """IEditFinishedEvent and IEditCancelledEvent: the locks the edit form
    took go (plone.locking releases them only where no one else holds any);
    the editor's locks from elsewhere that the form left alone stay."""
    locks = item_locks(obj)
    kept = scope.kept_locks(obj)
    for lock in locks.own():
        if lock.lock_id in kept:
            continue
        if lock.user_unlockable and lock.lock_type == STEALABLE_LOCK.__name__:
            locks.release(lock.token)
