"""One lock: an acquisition by one user, of the whole item or of fragments."""

from collective.locking.interfaces import DEFAULT_LOCK_TYPE
from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import ILock
from collective.locking.interfaces import RESOURCE
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from dataclasses import replace
from datetime import datetime
from datetime import timezone
from functools import cached_property
from zope.interface import implementer

import hashlib


def isodate(timestamp):
    """UTC ISO 8601 with a trailing Z, as plone.restapi writes lock dates
    (browsers read a date without zone as local time)."""
    value = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def fingerprint(token):
    """What may be kept of a token where the token itself must not be: enough
    to recognise it, useless to open a lock."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@implementer(ILock)
@dataclass(frozen=True)
class Lock:
    """A lock as the model sees it. Immutable: changes make a new one.

    ``fragments`` is empty for a resource lock. ``foreign`` marks a Zope
    (WebDAV) lock that has no record of this package's (yet): it is honoured
    as a resource lock with default settings.
    """

    # The secret: kept out of repr() so that it cannot slip into a log.
    token: str = field(repr=False)
    creator: str
    created: float
    refreshed: float
    timeout: int
    stealable: bool = True
    fragments: tuple = ()
    lock_type: str = DEFAULT_LOCK_TYPE
    user_unlockable: bool = True
    # Whether this lock put plone.locking's INonStealableLock marker on the
    # item (and so takes it off again when it ends).
    marked: bool = False
    # The owner's full name when the lock was taken (looking users up costs
    # more than the rest of a lock's answer).
    creator_name: str = ""
    foreign: bool = False

    @property
    def kind(self):
        return FRAGMENT if self.fragments else RESOURCE

    @property
    def expires(self):
        return self.refreshed + self.timeout

    @property
    def lock_id(self):
        return fingerprint(self.token)

    def with_changes(self, **changes):
        return replace(self, **changes)

    def public_info(self):
        """What anyone who may view the item may know of this lock."""
        info = dict(self._public_info)
        if self.fragments:
            info["fragments"] = list(self.fragments)
        return info

    @cached_property
    def _public_info(self):
        # Made once per lock: a lock never changes, and a table's parsed
        # locks outlive requests (a GET @lock of twenty fragment locks
        # would format forty dates each time).
        info = {
            "kind": self.kind,
            "creator": self.creator,
            "created": isodate(self.created),
            "expires": isodate(self.expires),
            "timeout": self.timeout,
            "stealable": self.stealable,
        }
        if self.lock_type != DEFAULT_LOCK_TYPE:
            info["lock_type"] = self.lock_type
        if not self.user_unlockable:
            info["user_unlockable"] = False
        return info

    # Stored as plain dicts, so that the lock table can merge concurrent
    # changes (see storage.LockTable._p_resolveConflict).

    def to_record(self):
        # Field by field: dataclasses.asdict() deep-copies every value, and
        # costs more than the rest of taking a lock's record.
        record = {name: getattr(self, name) for name in RECORD_FIELDS}
        record["fragments"] = tuple(self.fragments)
        return record

    @classmethod
    def from_record(cls, token, record):
        return cls(token=token, **record)


#: What a record stores of a lock: all but its token (the record's key) and
#: ``foreign`` (Zope locks have no record).
RECORD_FIELDS = tuple(each.name for each in fields(Lock) if each.name not in ("token", "foreign"))
