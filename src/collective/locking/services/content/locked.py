"""The answer to a content request that locks forbid."""

from collective.locking import _
from collective.locking import rules
from collective.locking.errors import LockGone
from collective.locking.locks import item_locks
from collective.locking.request import request_tokens
from collective.locking.services.info import public_info
from collective.locking.services.refusals import refuse
from collective.locking.services.refusals import refuse_for


def lock_refusal(context, request, fields, owner_passes=False):
    """A JSON error body if locks forbid writing ``fields`` (None: the whole
    item) to this request, else None. Sets the status (403, or 409 for a
    token whose lock is gone) and makes sure nothing gets committed."""
    locks = item_locks(context)
    tokens = request_tokens(request)
    active = locks.active()
    live = {lock.token for lock in active}
    try:
        # A token of a live lock passes; any other may be of a lock gone.
        locks.check_tokens([token for token in tokens if token not in live])
    except LockGone as gone:
        return refuse_for(request, gone)
    blocking = locks.blocking(fields, tokens, owner_passes)  # kept for ILockable.locked()
    if not blocking:
        return None
    fragment_locks = [lock for lock in blocking if lock.fragments]
    covered = rules.covered_by(fragment_locks, fields or ())
    return refuse(
        request,
        403,
        "Forbidden",
        _("Resource is locked."),
        fields=covered,
        locks=[public_info(lock) for lock in blocking],
    )
