"""The lock rules, as named pure functions on locks and lock records.

Nothing here reads the site, the request or the clock: callers pass what a
rule needs. The model (``locks.ItemLocks``), the write guard, the site-wide
listing and the lock table's conflict resolution (which runs without a site,
on the storage server) all decide with these same functions.
"""

from collective.locking import _
from collective.locking.errors import InvalidLockRequest


#: The field of Volto's blocks: each block is a fragment of its own,
#: ``blocks/{id}``, and a lock on ``blocks`` covers them all.
BLOCKS = "blocks"

MISSING = object()


def fragments_overlap(first, second):
    """Whether two fragment names cover a part in common: the same name, or a
    field and a part of it (``blocks`` covers every ``blocks/{id}``)."""
    return first == second or second.startswith(first + "/") or first.startswith(second + "/")


def overlaps(first_fragments, second_fragments):
    """Whether two locks, given by their fragments (empty: the whole item),
    may not exist side by side."""
    if not first_fragments or not second_fragments:
        return True  # a resource lock excludes every other lock
    return any(
        fragments_overlap(first, second) for first in first_fragments for second in second_fragments
    )


def table_conflicts(records):
    """Whether any two of these lock records may not coexist."""
    records = list(records)
    for index, first in enumerate(records):
        for second in records[index + 1 :]:
            if overlaps(first["fragments"], second["fragments"]):
                return True
    return False


def conflicting(locks, fragments, except_token=None):
    """The locks that stand in the way of locking ``fragments`` (empty: the
    whole item); the lock opened by ``except_token`` is being extended."""
    return [
        lock for lock in locks if lock.token != except_token and overlaps(fragments, lock.fragments)
    ]


def covers(lock, fields):
    """Whether ``lock`` covers any of ``fields`` (None: the item as a whole;
    a field, or a part of one: ``blocks/{id}``)."""
    if not lock.fragments or fields is None:
        return True
    return overlaps(lock.fragments, fields)


def covered_by(locks, fields):
    """The ones of ``fields`` that any of ``locks`` covers."""
    return sorted(field for field in fields if any(covers(lock, [field]) for lock in locks))


def is_expired(lock, now):
    return lock.expires <= now


def owns(lock, userid):
    """Whether the user ``userid`` (None: anonymous) owns ``lock``. A lock
    taken anonymously (plone.locking allows it where anonymous users may
    edit) belongs to the anonymous user, as any other lock to its creator."""
    return lock.creator == userid


def holds_against(user_unlockable, opened, owner):
    """Whether a lock holds against a request: unless the request carries
    its token (``opened``) or comes from its ``owner`` where owners pass. A
    lock whose owner cannot release it (a check-out lock of plone.app.iterate,
    say) is held for a process, not a person: it holds against everyone."""
    return not user_unlockable or not (opened or owner)


def blocks_write(lock, fields, tokens, owner, owner_passes):
    """Whether ``lock`` forbids writing ``fields`` (None: the whole item).

    Where ``owner_passes``, the owner's identity opens the lock as its token
    does (the classic UI and WebDAV clients have no tokens); REST writes
    need the token, as in plone.restapi.
    """
    if not covers(lock, fields):
        return False
    return holds_against(lock.user_unlockable, lock.token in tokens, owner and owner_passes)


def blocks_removal(user_unlockable, opened, owner):
    """Whether a lock keeps its item, and every folder above it, from being
    deleted, renamed or moved. The owner may move their own locked items."""
    return holds_against(user_unlockable, opened, owner)


def may_release(lock, owner):
    """Whether a user may release ``lock`` as its owner (plainly, not forced)."""
    return owner and lock.user_unlockable


def may_break(lock, owner, may_modify, may_break_locks):
    """Whether a user may release ``lock`` without being asked by its token:
    its owner; anyone who may modify the item for a stealable lock; a holder
    of "Break locks" for a non-stealable one. No one breaks a lock that its
    owner cannot release: the code that took it releases it."""
    if not lock.user_unlockable:
        return False
    if owner:
        return True
    return may_break_locks or (lock.stealable and may_modify)


def same(first, second):
    """Whether two stored or sent values are equal (a value whose comparison
    fails is not equal to anything but itself)."""
    if first is second:
        return True
    try:
        return bool(first == second)
    except Exception:
        return False


def changed_blocks(before, after):
    """What a write does to Volto's blocks, from their value before and after:
    ``blocks/{id}`` for each block added, removed or changed (``blocks`` if
    either value is not a mapping of blocks). The one answer to "which blocks
    does this write?": the REST services ask it of the blocks a client sends
    and the blocks it was shown, the write guard of the stored values before
    and after the commit."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return set() if same(before, after) else {BLOCKS}
    return {
        f"{BLOCKS}/{block}"
        for block in set(before) | set(after)
        if not same(before.get(block, MISSING), after.get(block, MISSING))
    }


def checked_timeout(timeout, maximum):
    """A timeout a client asked for: whole seconds from 1 to ``maximum``."""
    if isinstance(timeout, bool) or not isinstance(timeout, int):
        raise InvalidLockRequest(_("The timeout must be a whole number of seconds."))
    if not 1 <= timeout <= maximum:
        raise InvalidLockRequest(
            _("The timeout must be between 1 and ${maximum} seconds.", mapping={"maximum": maximum})
        )
    return timeout


def checked_fragments(fragments, lockable_names):
    """The fragments a client asked for, sorted and without repeats."""
    if isinstance(fragments, str) or not isinstance(fragments, (list, tuple)):
        raise InvalidLockRequest(_("fragments must be a list of field names."))
    if not all(isinstance(name, str) and name for name in fragments):
        raise InvalidLockRequest(_("fragments must be a list of field names."))
    unknown = sorted(set(fragments) - set(lockable_names))
    blocks = [name for name in unknown if "/" in name]
    if blocks:
        raise InvalidLockRequest(
            _("Not a block of this item: ${blocks}.", mapping={"blocks": ", ".join(blocks)})
        )
    if unknown:
        raise InvalidLockRequest(
            _(
                "Not a field of this item that can be locked: ${fields}.",
                mapping={"fields": ", ".join(unknown)},
            )
        )
    return tuple(sorted(set(fragments)))


def changed_settings(timeout, stealable):
    """The settings a request changes on an existing lock: those it names."""
    changes = {"timeout": timeout, "stealable": stealable}
    return {name: value for name, value in changes.items() if value is not None}
