"""One lock: an acquisition by one user, of the whole item or of fragments."""

from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import RESOURCE
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import datetime
from datetime import timezone


def isodate(timestamp):
    """UTC ISO 8601 with a trailing Z, as plone.restapi writes lock dates
    (browsers read a date without zone as local time)."""
    value = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Lock:
    """A lock as the model sees it. Immutable: changes make a new one.

    ``fragments`` is empty for a resource lock. ``foreign`` marks a Zope
    (WebDAV) lock that this package did not create: it is honoured as a
    resource lock, but has no settings of ours.
    """

    # The secret: kept out of repr() so that it cannot slip into a log.
    token: str = field(repr=False)
    creator: str
    created: float
    refreshed: float
    timeout: int
    stealable: bool = True
    fragments: tuple = ()
    foreign: bool = False

    @property
    def kind(self):
        return FRAGMENT if self.fragments else RESOURCE

    @property
    def expires(self):
        return self.refreshed + self.timeout

    def expired(self, now):
        return self.expires <= now

    def covers(self, fields):
        """Whether this lock forbids writing ``fields`` (None: any field)."""
        if not self.fragments:
            return True
        if fields is None:
            return True
        return bool(set(self.fragments) & set(fields))

    def with_changes(self, **changes):
        return replace(self, **changes)

    def public_info(self):
        """What anyone who may view the item may know of this lock."""
        info = {
            "kind": self.kind,
            "creator": self.creator,
            "created": isodate(self.created),
            "expires": isodate(self.expires),
            "timeout": self.timeout,
            "stealable": self.stealable,
        }
        if self.fragments:
            info["fragments"] = list(self.fragments)
        return info

    # Stored as plain dicts, so that the lock table can merge concurrent
    # changes (see table.LockTable._p_resolveConflict).

    def to_record(self):
        record = asdict(self)
        del record["token"], record["foreign"]
        record["fragments"] = tuple(self.fragments)
        return record

    @classmethod
    def from_record(cls, token, record):
        return cls(token=token, **record)
