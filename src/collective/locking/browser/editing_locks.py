"""The item's locks as one editor's classic edit form sees them: other
users' locks, the editor's own locks from elsewhere (Volto, a script) that
the form leaves alone, and the locks the form took."""

from collective.locking.locks import item_locks


#: Query parameters of the form's own URL: which of the editor's locks from
#: elsewhere the form leaves alone (lock ids), and the editor's choice.
KEPT = "collective.locking.kept"
OWN = "collective.locking.own"
#: ... and the locks the form held, and when the item was last changed, as
#: the form opened (a save checks that no one changed it behind its back).
HELD = "collective.locking.held"
SINCE = "collective.locking.since"


class EditingLocks:
    """The item's locks as one editor's form sees them."""

    def __init__(self, context, request, opening):
        self.locks = item_locks(context)
        active = self.locks.active()
        self.others = [lock for lock in active if not self.locks.owns(lock)]
        mine = [lock for lock in active if self.locks.owns(lock)]
        self.choice = request.form.get(OWN)
        if opening:
            # Every lock of the editor's is from elsewhere: the form took none yet.
            self.elsewhere = [] if self.choice == "take" else mine
        else:
            listed = request.form.get(KEPT, "")
            kept = set(listed.split(",")) if isinstance(listed, str) else set()
            self.elsewhere = [lock for lock in mine if lock.lock_id in kept]
        self.found_elsewhere = mine if opening else self.elsewhere
        self.mine = [lock for lock in mine if lock not in self.elsewhere]

    @property
    def whole_item_holder(self):
        """Another user's lock on the whole item (a resource lock, or a lock
        held for a process such as a check-out), or None."""
        for lock in self.others:
            if not lock.fragments or not lock.user_unlockable:
                return lock
        return None

    def held_by_others(self):
        return held_fields(self.others)

    def held_elsewhere(self):
        return held_fields(self.elsewhere)

    def held_by_form(self):
        return {name for lock in self.mine for name in lock.fragments}


def held_fields(locks):
    """Field name -> a lock on it or on a part of it: a lock on one block
    holds the form's ``blocks`` field (the form would write them all)."""
    found = {}
    for lock in locks:
        for name in lock.fragments:
            found.setdefault(name, lock)
            found.setdefault(name.split("/")[0], lock)
    return found


def modified_stamp(context):
    modified = getattr(context, "modified", None)
    return str(modified().micros()) if callable(modified) else ""


def form_query(editing, context, request, fresh):
    """The query of the form's action: the editor's locks from elsewhere
    that the form leaves alone and, for the save, the locks the form held
    and the item's last change as it opened (``fresh``: as they are now)."""
    query = {KEPT: ",".join(lock.lock_id for lock in editing.elsewhere)}
    form = request.form
    if not fresh and isinstance(form.get(SINCE), str):
        # Shown again (an input error, a field taken meanwhile): the save
        # still compares with the item as the form first opened.
        held = form.get(HELD)
        query[HELD] = held if isinstance(held, str) else ""
        query[SINCE] = form[SINCE]
    else:
        own = [lock for lock in editing.locks.own() if lock not in editing.elsewhere]
        query[HELD] = ",".join(lock.lock_id for lock in own)
        query[SINCE] = modified_stamp(context)
    return query
