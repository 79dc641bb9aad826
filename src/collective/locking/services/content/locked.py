"""The answer to a content request that locks forbid."""

from collective.locking import _
from collective.locking import rules
from collective.locking.errors import LockGone
from collective.locking.interfaces import IItemLocks
from collective.locking.request import request_tokens
from collective.locking.services.info import public_info
from collective.locking.services.refusals import refuse
from collective.locking.services.refusals import refuse_for


def lock_refusal(context, request, fields, owner_passes=False):
    """A JSON error body if locks forbid writing ``fields`` (None: the whole
    item) to this request, else None. Sets the status (403, or 409 for a
    token whose lock is gone) and makes sure nothing gets committed."""
    locks = IItemLocks(context)
    tokens = request_tokens(request)
    try:
        if tokens:
            locks.check_tokens(tokens)
    except LockGone as gone:
        return refuse_for(request, gone)
    blocking = locks.blocking(fields, tokens, owner_passes)
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
