"""Reading the locks of one item: its lock table's records and Zope's own
locks, read together (``ItemLocks`` writes them).

A Zope lock without a record (taken by WebDAV, or before the add-on was
installed) counts as a foreign resource lock, and a record whose Zope lock
was removed behind the model's back (WebDAV UNLOCK, the ZMI) counts as
released.
"""

from collective.locking import clock
from collective.locking import fragments
from collective.locking import rules
from collective.locking.annotated import annotations_of
from collective.locking.errors import LockGone
from collective.locking.errors import NotLockable
from collective.locking.interfaces import ANNOTATION_KEY
from collective.locking.interfaces import BREAK_LOCKS_PERMISSION
from collective.locking.interfaces import DEFAULT_LOCK_TYPE
from collective.locking.interfaces import ENDED
from collective.locking.interfaces import EXPIRED
from collective.locking.interfaces import RELEASED
from collective.locking.interfaces import UNKNOWN
from collective.locking.lock import Lock
from collective.locking.messages import GONE_MESSAGES
from collective.locking.messages import NOT_LOCKABLE
from collective.locking.mirror import lockable_by_zope
from collective.locking.mirror import marked_non_stealable
from collective.locking.mirror import zope_locks
from collective.locking.principal import current_user_id
from collective.locking.principal import may
from collective.locking.rules import MISSING
from collective.locking.storage import INFINITY
from collective.locking.storage import LockTable
from plone.protect.auto import safeWrite
from Products.CMFCore.permissions import ModifyPortalContent
from types import MappingProxyType


#: The records of an item without a lock table (never written).
NO_RECORDS = MappingProxyType({})


class LockReader:
    """The locks of ``context`` as the current user sees them."""

    def __init__(self, context):
        self.context = context
        # A model lives for one request (``locks.item_locks``); what it
        # keeps is checked against the item's locks before each use:
        # the item's annotations (read live through the adapter); the parse
        # of an item without a table, with its Zope lock tokens; the live
        # locks, until the locks change or the first of them expires; the
        # last ``blocking()`` answer, for the same live locks and question.
        self._annotations_adapter = MISSING
        self._parsed = None
        self._active = None
        self._blocking = None

    def _annotations(self):
        if self._annotations_adapter is MISSING:
            self._annotations_adapter = annotations_of(self.context)
        return self._annotations_adapter

    def _table(self, create=False):
        annotations = self._annotations()
        if annotations is None:
            if create:
                raise NotLockable(NOT_LOCKABLE)
            return None
        table = annotations.get(ANNOTATION_KEY)
        if table is None and create:
            table = annotations[ANNOTATION_KEY] = LockTable()
            safeWrite(getattr(self.context, "__annotations__", None))
        return table

    def _all(self):
        """Every lock by token, expired included. Parsed once per state of
        the table and of the Zope locks, for every adapter of the item (the
        table keeps it: ``LockTable.view``)."""
        table = self._table()
        zope_tokens = tuple(getattr(self.context, "_dav_writelocks", None) or ())
        if table is not None:
            return table.view("parsed", zope_tokens, lambda: self._read(table.locks))
        if self._parsed is None or self._parsed[0] != zope_tokens:
            self._parsed = (zope_tokens, self._read(NO_RECORDS))
        return self._parsed[1]

    def _read(self, records):
        in_zope = zope_locks(self.context)
        known = getattr(self.context, "_dav_writelocks", None) or {}
        check_mirrors = lockable_by_zope(self.context)
        found = {}
        for token, record in records.items():
            lock = Lock.from_record(token, record)
            if check_mirrors and not lock.fragments and token not in known:
                continue  # its Zope lock was removed: see sync_with_zope()
            found[token] = lock
        for token, zope_lock in in_zope.items():
            if token not in found:
                found[token] = self._foreign(token, zope_lock)
        return found

    def _foreign(self, token, zope_lock):
        creator = zope_lock.getCreator()
        return Lock(
            token=token,
            creator=creator[1] if creator else None,
            created=zope_lock.getModifiedTime(),
            refreshed=zope_lock.getModifiedTime(),
            timeout=zope_lock.getTimeout(),
            stealable=not marked_non_stealable(self.context),
            foreign=True,
        )

    def _live(self, now=None):
        """The live locks, oldest first, as kept (not to be changed): kept
        while the item's locks stay as they are and none of them expires,
        since one request's checks ask again and again."""
        now = clock.now() if now is None else now
        every = self._all()
        kept = self._active
        if kept is not None and kept[0] is every and kept[1] <= now < kept[2]:
            return kept[3]
        live = sorted(
            (lock for lock in every.values() if not rules.is_expired(lock, now)),
            key=lambda lock: (lock.created, lock.fragments),
        )
        until = min((lock.expires for lock in live), default=INFINITY)
        self._active = (every, now, until, live)
        return live

    def active(self, now=None):
        return list(self._live(now))

    def resource_lock(self):
        for lock in self.active():
            if not lock.fragments:
                return lock
        return None

    def fragment_locks(self):
        return {name: lock for lock in self.active() for name in lock.fragments}

    def field_names(self):
        return fragments.field_names(self.context)

    def fragment_names(self):
        return fragments.fragment_names(self.context)

    def block_ids(self):
        return fragments.block_ids(self.context)

    def lock_for(self, token):
        lock = self._all().get(token) if token else None
        if lock is not None and not rules.is_expired(lock, clock.now()):
            return lock
        if lock is not None:
            reason = EXPIRED
        else:
            table = self._table()
            fate = table.fate(token) if (table is not None and token) else None
            reason = fate["reason"] if fate else UNKNOWN
            if reason == UNKNOWN and table is not None and token in table.locks:
                reason = RELEASED  # its Zope lock was removed (WebDAV UNLOCK)
            elif reason == UNKNOWN and table is not None and table.issued(token):
                reason = ENDED  # how is forgotten, not that it was ours
        raise LockGone(GONE_MESSAGES[reason], reason)

    def check_tokens(self, tokens):
        for token in tokens:
            try:
                self.lock_for(token)
            except LockGone as gone:
                if gone.reason != UNKNOWN:
                    raise

    def owns(self, lock):
        return rules.owns(lock, current_user_id())

    def own(self):
        return [lock for lock in self.active() if self.owns(lock)]

    def blocking(self, fields, tokens, owner_passes=False, among=None):
        """The locks (``among``, by default the active ones) that forbid
        writing ``fields`` (None: the whole item) to a request carrying
        ``tokens``: the one answer the REST services, ``ILockable.locked()``
        and the write guard give."""
        tokens = frozenset(tokens or ())
        user = current_user_id()
        live = self._live() if among is None else among
        question = (
            live,
            None if fields is None else frozenset(fields),
            tokens,
            owner_passes,
            user,
        )
        kept = self._blocking
        if kept is not None and kept[0] is question[0] and kept[1:-1] == question[1:]:
            return list(kept[-1])  # asked already in this state
        found = [
            lock
            for lock in live
            if rules.blocks_write(lock, fields, tokens, rules.owns(lock, user), owner_passes)
        ]
        if among is None:
            self._blocking = (*question, found)
        return found

    def held_already(self, fragments, type_name=DEFAULT_LOCK_TYPE):
        """The current user's lock that holds just what is asked for: the
        resource lock (no fragments), or one lock covering all ``fragments``."""
        for lock in self.own():
            if lock.foreign or not lock.user_unlockable or lock.lock_type != type_name:
                continue
            if (not fragments and not lock.fragments) or (
                fragments and lock.fragments and set(fragments) <= set(lock.fragments)
            ):
                return lock
        return None

    def may_break(self, lock):
        owner = self.owns(lock)
        return rules.may_break(
            lock,
            owner,
            may_modify=owner or may(ModifyPortalContent, self.context),
            may_break_locks=not owner and may(BREAK_LOCKS_PERMISSION, self.context),
        )
