"""JSON refusals: ``{"error": {"type", "message", ...}}``, one way for all.

A refused request changes nothing: its transaction is doomed, so nothing it
did before the refusal (a deserializer's first fields, say) is committed.
"""

from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockConflict
from collective.locking.errors import LockError
from collective.locking.errors import LockGone
from collective.locking.errors import LockNotBreakable
from collective.locking.errors import LockNotHeld
from collective.locking.errors import message_of
from collective.locking.errors import NotLockable
from collective.locking.errors import translated
from collective.locking.services.info import public_info
from types import MappingProxyType

import transaction


#: The model's refusals: exception -> (status, error type). A subclass
#: without an entry of its own answers as its nearest base does.
STATUSES = MappingProxyType(
    {
        NotLockable: (400, "NotLockable"),
        InvalidLockRequest: (400, "BadRequest"),
        LockNotBreakable: (403, "LockNotBreakable"),
        LockConflict: (409, "LockConflict"),
        LockGone: (409, "LockGone"),
        LockNotHeld: (409, "LockNotHeld"),
        LockError: (409, "LockError"),
    }
)


def refuse(request, status, kind, message, **details):
    """``message`` (a Message, or a list of them) in the request's language."""
    transaction.doom()
    request.response.setStatus(status)
    return {"error": {"type": kind, "message": translated(message, request), **details}}


def status_of(error):
    for kind in type(error).__mro__:
        if kind in STATUSES:
            return STATUSES[kind]
    return STATUSES[LockError]


def refuse_for(request, error):
    """The answer to one of the model's refusals (``LockError``)."""
    status, kind = status_of(error)
    return refuse(request, status, kind, message_of(error), **details(error))


def details(error):
    """The extra keys of an error body: what is in the way, never a token."""
    if isinstance(error, LockConflict):
        return {"locks": [public_info(lock) for lock in error.locks]}
    if isinstance(error, LockNotBreakable):
        return {"locks": [public_info(error.lock)]}
    if isinstance(error, LockGone):
        return {"reason": error.reason}
    return {}
