"""The locks of one item: the one place where the lock rules live."""

from AccessControl import getSecurityManager
from collective.locking import events
from collective.locking import logger
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockConflict
from collective.locking.errors import LockGone
from collective.locking.errors import LockNotBreakable
from collective.locking.errors import LockNotHeld
from collective.locking.interfaces import ANNOTATION_KEY
from collective.locking.interfaces import BREAK_LOCKS_PERMISSION
from collective.locking.interfaces import EXPIRED
from collective.locking.interfaces import FORCED
from collective.locking.interfaces import IItemLocks
from collective.locking.interfaces import ILockSettings
from collective.locking.interfaces import RELEASED
from collective.locking.interfaces import TOKEN_BYTES
from collective.locking.interfaces import UNKNOWN
from collective.locking.lock import isodate
from collective.locking.lock import Lock
from collective.locking.rules import overlaps
from collective.locking.table import LockTable
from OFS.LockItem import LockItem
from plone.dexterity.utils import iterSchemata
from plone.locking.interfaces import INonStealableLock
from plone.protect.auto import safeWrite
from plone.registry.interfaces import IRegistry
from Products.CMFCore.interfaces import IContentish
from Products.CMFCore.permissions import ModifyPortalContent
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.component import queryUtility
from zope.event import notify
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import noLongerProvides
from zope.schema import getFields

import secrets
import time


GONE_MESSAGES = {
    RELEASED: "This lock was released.",
    FORCED: "This lock was released by another user.",
    EXPIRED: "This lock expired.",
    UNKNOWN: "This token does not belong to a lock on this item.",
}


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def settings():
    """The registry settings, or their defaults where the add-on's records
    are missing (the add-on is not installed in this site)."""
    registry = queryUtility(IRegistry)
    proxy = None
    if registry is not None:
        proxy = registry.forInterface(ILockSettings, prefix="collective.locking", check=False)
    values = {}
    for name in ("default_timeout", "max_timeout"):
        value = getattr(proxy, name, None) if proxy is not None else None
        values[name] = value or ILockSettings[name].default
    return values


def installed():
    """Whether the add-on is installed in the current site (its registry
    records exist): plone.locking adapters act as stock where it is not."""
    registry = queryUtility(IRegistry)
    return registry is not None and "collective.locking.max_timeout" in registry


def validate_timeout(timeout):
    """Whole seconds from 1 to the configured maximum, or the default."""
    limits = settings()
    if timeout is None:
        return min(limits["default_timeout"], limits["max_timeout"])
    if isinstance(timeout, bool) or not isinstance(timeout, int):
        raise InvalidLockRequest("The timeout must be a whole number of seconds.")
    if not 1 <= timeout <= limits["max_timeout"]:
        raise InvalidLockRequest(
            f"The timeout must be between 1 and {limits['max_timeout']} seconds."
        )
    return timeout


def settled(timeout, stealable):
    """The settings a request changes on an existing lock: those it names."""
    changes = {"timeout": timeout, "stealable": stealable}
    return {name: value for name, value in changes.items() if value is not None}


def current_user_id():
    return getSecurityManager().getUser().getId()


def is_owner(lock):
    """Whether the current user owns ``lock`` (anonymous users own nothing,
    not even a WebDAV lock that an anonymous request left behind)."""
    userid = current_user_id()
    return userid is not None and lock.creator == userid


def may(permission, context):
    return bool(getSecurityManager().checkPermission(permission, context))


@implementer(IItemLocks)
@adapter(IContentish)
class ItemLocks:
    """Locks of ``context``, acting for the current user.

    Storage: a ``LockTable`` in the item's annotations holds every lock made
    here. Resource locks are mirrored as Zope ``LockItem``s with the same
    token, so that Zope and plone.locking (WebDAV, rename and delete checks,
    ``wl_isLocked``) see them; a Zope lock without a record (taken by WebDAV
    or by code that bypasses this package) counts as a foreign resource lock.
    """

    def __init__(self, context):
        self.context = context

    # Reading

    def _table(self, create=False):
        annotations = IAnnotations(self.context)
        table = annotations.get(ANNOTATION_KEY)
        if table is None and create:
            table = annotations[ANNOTATION_KEY] = LockTable()
            safeWrite(getattr(self.context, "__annotations__", None))
        return table

    def _zope_locks(self):
        """Valid Zope locks by token (without writing anything)."""
        mapping = getattr(self.context, "_dav_writelocks", None) or {}
        return {token: item for token, item in mapping.items() if item.isValid()}

    def _all(self):
        """Every lock by token, expired records included."""
        table = self._table()
        found = {}
        if table is not None:
            for token, record in table.locks.items():
                found[token] = Lock.from_record(token, record)
        for token, item in self._zope_locks().items():
            if token not in found:
                found[token] = self._foreign(token, item)
        return found

    def _foreign(self, token, item):
        creator = item.getCreator()
        return Lock(
            token=token,
            creator=creator[1] if creator else None,
            created=item.getModifiedTime(),
            refreshed=item.getModifiedTime(),
            timeout=item.getTimeout(),
            stealable=not INonStealableLock.providedBy(self.context),
            foreign=True,
        )

    def active(self, now=None):
        now = time.time() if now is None else now
        live = [lock for lock in self._all().values() if not lock.expired(now)]
        return sorted(live, key=lambda lock: lock.created)

    def resource_lock(self):
        for lock in self.active():
            if not lock.fragments:
                return lock
        return None

    def fragment_locks(self):
        return {name: lock for lock in self.active() for name in lock.fragments}

    def fragment_names(self):
        return {
            name
            for schema in iterSchemata(self.context)
            for name, field in getFields(schema).items()
            if not field.readonly
        }

    def lock_for(self, token):
        lock = self._all().get(token) if token else None
        if lock is not None and not lock.expired(time.time()):
            return lock
        if lock is not None:
            reason = EXPIRED
        else:
            table = self._table()
            fate = table.fate(token) if (table is not None and token) else None
            reason = fate["reason"] if fate else UNKNOWN
        raise LockGone(GONE_MESSAGES[reason], reason)

    def check_tokens(self, tokens):
        """Raise ``LockGone`` for a token whose lock on this item ended.

        Tokens this item never knew are let through: a client that holds
        several locks sends all its tokens, and they may open locks elsewhere.
        """
        for token in tokens:
            try:
                self.lock_for(token)
            except LockGone as gone:
                if gone.reason != UNKNOWN:
                    raise

    def own(self):
        """The current user's live locks."""
        return [lock for lock in self.active() if is_owner(lock)]

    def blocking(self, fields, tokens, include_own=True):
        tokens = set(tokens or ())
        return [
            lock
            for lock in self.active()
            if lock.token not in tokens
            and lock.covers(fields)
            and (include_own or not is_owner(lock))
        ]

    def may_break(self, lock):
        """Whether the current user may release ``lock`` without its token."""
        if is_owner(lock):
            return True
        if lock.stealable:
            return may(ModifyPortalContent, self.context)
        return may(BREAK_LOCKS_PERMISSION, self.context)

    # Writing

    def acquire(self, fragments=(), stealable=None, timeout=None, token=None):
        # None: "not asked for". A new lock gets the defaults; a lock taken
        # again or extended keeps its own settings (Volto locks again with an
        # empty body each time its edit form opens).
        if timeout is not None:
            timeout = validate_timeout(timeout)
        if stealable is not None and not isinstance(stealable, bool):
            raise InvalidLockRequest("stealable must be true or false.")
        fragments = self._checked_fragments(fragments)
        now = time.time()
        self._purge(now)

        if token is not None:
            base = self.lock_for(token)
            if not is_owner(base):
                raise LockGone(GONE_MESSAGES[UNKNOWN], UNKNOWN)
            if not base.fragments or not fragments:
                raise InvalidLockRequest(
                    "Only fragments can be added to a lock, and only to a fragment lock."
                )
            fragments = tuple(sorted(set(base.fragments) | set(fragments)))
        elif not fragments:
            mine = self.resource_lock()
            if mine is not None and is_owner(mine) and not mine.foreign:
                return self._renew(mine, now, timeout=timeout, stealable=stealable)

        conflicts = [
            lock
            for lock in self.active(now)
            if lock.token != token and overlaps(fragments, lock.fragments)
        ]
        if conflicts:
            raise LockConflict("The item is locked.", conflicts)

        if token is not None:
            lock = base.with_changes(
                fragments=fragments, refreshed=now, **settled(timeout, stealable)
            )
        else:
            lock = Lock(
                token=new_token(),
                creator=current_user_id(),
                created=now,
                refreshed=now,
                timeout=timeout or validate_timeout(None),
                stealable=True if stealable is None else stealable,
                fragments=fragments,
            )
        self._store(lock)
        notify(events.LockCreatedEvent(self.context, lock))
        return lock

    def refresh(self, token=None, timeout=None):
        if timeout is not None:
            timeout = validate_timeout(timeout)
        if token is None:
            lock = self.resource_lock()
            if lock is None or not is_owner(lock):
                raise LockNotHeld("You hold no lock on this item.")
        else:
            lock = self.lock_for(token)
        return self._renew(lock, time.time(), timeout=timeout)

    def release(self, token, fragments=None):
        lock = self.lock_for(token)
        self._end(lock, RELEASED, fragments)
        notify(events.LockReleasedEvent(self.context, lock))
        return lock

    def release_own(self):
        released = [self.release(lock.token) for lock in self.own()]
        if not released:
            raise LockNotHeld("You hold no lock on this item.")
        return released

    def force_release(self, lock, fragments=None):
        if is_owner(lock):
            return self.release(lock.token, fragments)
        if not self.may_break(lock):
            raise LockNotBreakable(
                "This lock is not stealable: only its owner or a user with the "
                "'Break locks' permission may release it.",
                lock,
            )
        actor = current_user_id()
        self._end(lock, FORCED, fragments)
        logger.warning(
            "%s lock%s on %s owned by %s (created %s) force-released by %s",
            lock.kind,
            f" of {', '.join(fragments or lock.fragments)}" if lock.fragments else "",
            "/".join(self.context.getPhysicalPath()),
            lock.creator,
            isodate(lock.created),
            actor,
        )
        notify(events.LockForceReleasedEvent(self.context, lock, actor))
        return lock

    # Internals

    def _checked_fragments(self, fragments):
        if isinstance(fragments, str) or not isinstance(fragments, (list, tuple)):
            raise InvalidLockRequest("fragments must be a list of field names.")
        if not all(isinstance(name, str) and name for name in fragments):
            raise InvalidLockRequest("fragments must be a list of field names.")
        unknown = sorted(set(fragments) - self.fragment_names()) if fragments else []
        if unknown:
            raise InvalidLockRequest(
                f"Not a field of this item that can be locked: {', '.join(unknown)}."
            )
        return tuple(sorted(set(fragments)))

    def _renew(self, lock, now, timeout=None, stealable=None):
        lock = lock.with_changes(refreshed=now, **settled(timeout, stealable))
        self._store(lock)
        notify(events.LockRefreshedEvent(self.context, lock))
        return lock

    def _store(self, lock):
        if not lock.foreign:
            table = self._table(create=True)
            table.put(lock.token, lock.to_record())
            safeWrite(table)
        if not lock.fragments:
            self._mirror(lock)

    def _remove(self, lock, reason):
        table = self._table()
        if table is not None and lock.token in table.locks:
            table.remove(lock.token, reason, time.time())
            safeWrite(table)
        if not lock.fragments:
            self._unmirror(lock)

    def _end(self, lock, reason, fragments=None):
        """Remove ``lock``, or only some of its fragments (the lock lives on
        with the others)."""
        rest = tuple(name for name in lock.fragments if name not in (fragments or ()))
        if fragments and rest:
            self._store(lock.with_changes(fragments=rest))
        else:
            self._remove(lock, reason)

    def _purge(self, now):
        """Clean up expired locks (done before every change)."""
        table = self._table()
        if table is None:
            return
        for token, record in list(table.locks.items()):
            lock = Lock.from_record(token, record)
            if lock.expired(now):
                self._remove(lock, EXPIRED)
                notify(events.LockExpiredEvent(self.context, lock))

    def _mirror(self, lock):
        """Keep the Zope lock of a resource lock in step with it."""
        context = self.context
        mapping = context.wl_lockmapping(create=1)
        item = mapping.get(lock.token)
        if item is None:
            user = getSecurityManager().getUser()
            item = LockItem(user, timeout=lock.timeout, token=lock.token)
            context.wl_setLock(lock.token, item)
        else:
            item.setTimeout(f"Second-{lock.timeout}")
            item.refresh()
        for written in (mapping, item, context):
            safeWrite(written)
        self._mark_stealable(lock.stealable)

    def _unmirror(self, lock):
        context = self.context
        mapping = context.wl_lockmapping()
        if lock.token in mapping:
            context.wl_delLock(lock.token)
            safeWrite(mapping)
        self._mark_stealable(True)

    def _mark_stealable(self, stealable):
        """plone.locking reads stealability from a marker on the item; keep
        it true to the resource lock's own setting."""
        marked = INonStealableLock.providedBy(self.context)
        if stealable and marked:
            noLongerProvides(self.context, INonStealableLock)
        elif not stealable and not marked:
            alsoProvides(self.context, INonStealableLock)
        else:
            return
        safeWrite(self.context)
