"""What the lock model says when it refuses (the errors carry these)."""

from collective.locking import _
from collective.locking.interfaces import ENDED
from collective.locking.interfaces import EXPIRED
from collective.locking.interfaces import FORCED
from collective.locking.interfaces import RELEASED
from collective.locking.interfaces import UNKNOWN
from types import MappingProxyType


GONE_MESSAGES = MappingProxyType(
    {
        RELEASED: _("This lock was released."),
        FORCED: _("This lock was released by another user."),
        EXPIRED: _("This lock expired."),
        ENDED: _("This lock has ended: it was released, or it expired."),
        UNKNOWN: _("This token does not belong to a lock on this item."),
    }
)

NOT_HELD = _("You hold no lock on this item.")

NOT_LOCKABLE = _("This item cannot carry locks.")

LOCKED = _("The item is locked.")


def not_user_unlockable(lock_type):
    return _(
        "This lock (${lock_type}) is held for a process such as a check-out: only "
        "that process releases it (check in or cancel the check-out).",
        mapping={"lock_type": lock_type},
    )
