"""The lock model (``IItemLocks``, the site-wide index, bulk release) driven
by Hypothesis against a plain-Python reference of the lock contract
(../shared/lock-api.md, docs/resource-locks.md, docs/fragment-locks.md,
docs/blocks.md, docs/site-locks.md, docs/permissions.md).

Three users take, extend, refresh and release resource and fragment locks
(fields and Volto blocks) on two pages, others try to break them, the clock
moves on, and site administrators, managers and editors release locks in
bulk. Each step's outcome (success, or which of the model's errors) is
compared with the reference's, and after each step the invariants are
checked: no two live locks overlap, a token opens only its own lock and a
dead one says why, an expired lock never blocks, and the site-wide index
lists exactly the live locks.

Every example starts from a clean site (the transaction is aborted and the
pages made anew) and a fake clock (``collective.locking.clock.now``, the
package's one clock). Tokens are made by a counter, so that a failing
example replays the same way.
"""

from AccessControl import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from collective.locking import clock
from collective.locking import locks as locks_module
from collective.locking import management
from collective.locking import scope
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import LockConflict
from collective.locking.errors import LockError
from collective.locking.errors import LockGone
from collective.locking.errors import LockNotBreakable
from collective.locking.errors import LockNotHeld
from collective.locking.interfaces import BREAK_LOCKS_PERMISSION
from collective.locking.interfaces import IItemLocks
from collective.locking.interfaces import MANAGE_LOCKS_PERMISSION
from collective.locking.lock import fingerprint
from collective.locking.sitewide import path_of
from collective.locking.sitewide import site_locks
from collective.locking.storage import ENDED_MEMORY
from dataclasses import dataclass
from hypothesis import HealthCheck
from hypothesis import note
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant
from hypothesis.stateful import precondition
from hypothesis.stateful import rule
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import run_state_machine_as_test
from plone import api
from Products.CMFCore.permissions import ModifyPortalContent
from zope.annotation.interfaces import IAnnotations

import itertools
import time
import transaction


#: How many examples must run (``make test`` runs this file as it is).
EXAMPLES = 200

#: Steps of one example, at most.
STEPS = 25

SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# The contract's settings (docs/configuration.md): the registry's defaults.
DEFAULT_TIMEOUT = 600
MAX_TIMEOUT = 86400

# Reasons a token no longer opens a lock (lock-api.md: "a clear answer
# saying which").
RELEASED, FORCED, EXPIRED, ENDED, UNKNOWN = "released", "forced", "expired", "ended", "unknown"

#: Users who take locks (USERS of collective.locking.testing).
HOLDERS = ("editor-a", "editor-b", "siteadmin")
#: Users who try to break others' locks.
BREAKERS = ("editor-a", "editor-b", "siteadmin", "reader", "manager")
#: Users who list and release locks in bulk.
BULK_USERS = ("manager", "siteadmin", "editor-a", "editor-b", "reader")

# Who may what (docs/permissions.md), for the users of the test layer.
MAY_MODIFY = {"editor-a", "editor-b", "siteadmin", "manager"}
MAY_BREAK = {"siteadmin", "manager"}
MAY_MANAGE = {"siteadmin", "manager"}

BLOCK_IDS = ("intro", "agenda", "notes")
#: Fragments of a page with Volto blocks.
FRAGMENTS = (
    "title",
    "description",
    "text",
    "subjects",
    "blocks",
    "blocks_layout",
    *(f"blocks/{block}" for block in BLOCK_IDS),
)
#: Names a page does not have (400).
NOT_FRAGMENTS = ("nope", "blocks/nope")

#: The pages, by name: where they are below the site.
ITEMS = {"page-1": ("page-1",), "page-2": ("f", "page-2")}
#: Where bulk releases act: the site (both pages) or the folder (page-2).
CONTEXTS = {"site": ("page-1", "page-2"), "folder": ("page-2",)}

#: Fields a write check asks about (None: the whole item).
WRITES = (
    None,
    ["title"],
    ["blocks"],
    ["blocks/intro"],
    ["blocks_layout"],
    ["text", "blocks/notes"],
)


def write_checks(tokens):
    """The writes whose blockers are compared: (fields, tokens, owner
    passes). REST writes carrying the user's tokens; writes of the classic
    UI, where the owner passes without tokens."""
    for fields in WRITES:
        yield fields, tokens, False
    yield None, set(), True
    yield ["blocks/agenda"], set(), True


VALID_TIMEOUTS = (None, 30, 60, 300, 1, MAX_TIMEOUT)
BAD_TIMEOUTS = (0, -1, MAX_TIMEOUT + 1, 2.5, True, "60")

#: The fake clock's time; the examples start here.
START = 1_900_000_000.0
CLOCK = {"now": START}

#: What ran: examples (machines torn down) and steps (rules run).
STATS = {"examples": 0, "steps": 0}

users = st.sampled_from(HOLDERS)
item_names = st.sampled_from(sorted(ITEMS))
fragment_lists = st.lists(st.sampled_from(FRAGMENTS * 6 + NOT_FRAGMENTS), min_size=1, max_size=3)
stealables = st.sampled_from((None, True, False) * 5 + ("yes",))
timeouts = st.sampled_from(VALID_TIMEOUTS * 8 + BAD_TIMEOUTS)
picks = st.integers(min_value=0, max_value=63)
#: Which of a lock's fragments to release (indices; none: the whole lock).
subsets = st.one_of(
    st.just([]),
    st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=1),
    st.lists(st.integers(min_value=0, max_value=8), max_size=3, unique=True),
)


def mostly(value):
    """``value`` three times out of four, else the other boolean."""
    return st.sampled_from((value, value, value, not value))


#: Filters of ``@locks`` (None: not given).
filter_sets = st.fixed_dictionaries(
    {
        "creator": st.sampled_from((None,) * 6 + HOLDERS),
        "kind": st.sampled_from((None,) * 4 + ("resource", "fragment")),
        "stealable": st.sampled_from((None,) * 4 + (True, False)),
        # A fragment that a live lock holds (see bulk_release), or any.
        "fragment": st.one_of(st.none(), st.none(), picks, st.sampled_from(FRAGMENTS)),
    }
).map(lambda filters: {name: value for name, value in filters.items() if value is not None})


# The reference's rules


def parts_overlap(first, second):
    """A fragment and another cover a part in common: the same name, or a
    field and a part of it (``blocks`` and ``blocks/{id}``)."""
    return first == second or first.startswith(second + "/") or second.startswith(first + "/")


def scopes_overlap(first, second):
    """Two locks (their fragments; empty: the whole item) may not coexist."""
    if not first or not second:
        return True
    return any(parts_overlap(one, other) for one in first for other in second)


def covers(scope, fields):
    """A lock on ``scope`` covers a write of ``fields`` (None: the item)."""
    if not scope or fields is None:
        return True
    return any(parts_overlap(one, field) for one in scope for field in fields)


def valid_timeout(timeout):
    """Not given, or whole seconds from 1 to the maximum."""
    if timeout is None:
        return True
    whole = isinstance(timeout, int) and not isinstance(timeout, bool)
    return whole and 1 <= timeout <= MAX_TIMEOUT


@dataclass
class Ref:
    """A lock of the reference."""

    token: str
    item: str
    owner: str
    fragments: frozenset  # empty: a resource lock
    stealable: bool
    timeout: int
    refreshed: float
    seq: int

    @property
    def expires(self):
        return self.refreshed + self.timeout

    def uris(self):
        """Its public lock URIs, as fragments ("": the resource lock)."""
        return sorted(self.fragments) or [""]

    def __str__(self):
        scope = ", ".join(sorted(self.fragments)) or "the whole item"
        return f"lock #{self.seq} of {self.owner} on {self.item} ({scope})"


def refusal(error):
    """What the reference predicts of a refusal, from the model's error."""
    if isinstance(error, LockGone):
        return error.reason
    if isinstance(error, LockConflict):
        return frozenset(lock.token for lock in error.locks)
    if isinstance(error, LockNotBreakable):
        return error.lock.token
    return None


def described(tokens, machine):
    return sorted(str(machine.locks.get(token, token)) for token in tokens)


class LockModelMachine(RuleBasedStateMachine):
    """The model and the reference, step by step."""

    #: Set by the test: the portal and the layer's request.
    env = {}

    def __init__(self):
        super().__init__()
        transaction.abort()
        self.portal = portal = self.env["portal"]
        self.request = self.env["request"]
        self.act_as("manager")
        folder = api.content.create(container=portal, type="Folder", id="f", title="F")
        self.containers = {"site": portal, "folder": folder}
        self.items = {}
        for name, where in ITEMS.items():
            container = portal if len(where) == 1 else folder
            page = api.content.create(container=container, type="Document", id=name, title=name)
            page.blocks = {block: {"@type": "slate", "plaintext": block} for block in BLOCK_IDS}
            page.blocks_layout = {"items": list(BLOCK_IDS)}
            self.items[name] = page
        if STATS["examples"] == 0:
            self.check_permissions()
        CLOCK["now"] = self.now = START
        self.locks = {}  # token -> Ref: locks not released (live or expired)
        self.fates = {}  # token -> (item, RELEASED or FORCED)
        self.tokens = []  # every token given, oldest first
        self.owners = {}  # token -> the user it was given to
        self.token_items = {}  # token -> the item of its lock
        self.seq = itertools.count(1)

    def act_as(self, user):
        """Log in as ``user`` (plone.app.testing's login, with the user
        objects kept for the whole test: looking them up costs more than a
        step of the model)."""
        users = self.env["users"]
        if user not in users:
            acl_users = self.portal.acl_users
            users[user] = acl_users.getUser(user).__of__(acl_users)
        newSecurityManager(None, users[user])

    def teardown(self):
        transaction.abort()
        IAnnotations(self.request).pop(scope.KEY, None)
        STATS["examples"] += 1

    def check_permissions(self):
        """The reference's table of who may what holds on this site."""
        for user in set(BREAKERS) | set(BULK_USERS):
            self.act_as(user)
            security = getSecurityManager()
            for page in self.items.values():
                may_modify = bool(security.checkPermission(ModifyPortalContent, page))
                may_break = bool(security.checkPermission(BREAK_LOCKS_PERMISSION, page))
                assert may_modify == (user in MAY_MODIFY), user
                assert may_break == (user in MAY_BREAK), user
            for context in self.containers.values():
                may_manage = bool(security.checkPermission(MANAGE_LOCKS_PERMISSION, context))
                assert may_manage == (user in MAY_MANAGE), user

    # The reference's state

    def live(self, item=None):
        return [
            ref
            for ref in sorted(self.locks.values(), key=lambda ref: ref.seq)
            if self.now < ref.expires and (item is None or ref.item == item)
        ]

    def gone(self, item, token):
        """Why ``token`` opens no lock on ``item`` (a set of acceptable
        reasons), or None if it opens one."""
        ref = self.locks.get(token)
        if ref is not None and ref.item == item:
            return None if self.now < ref.expires else {EXPIRED}
        fate = self.fates.get(token)
        if fate is None or fate[0] != item:
            return {UNKNOWN}
        ended = sum(1 for other in self.fates.values() if other[0] == item)
        ended += sum(1 for ref in self.locks.values() if ref.item == item)
        # An item remembers the fates of its last ENDED_MEMORY ended locks;
        # older tokens of its own have "ended".
        return {fate[1]} if ended <= ENDED_MEMORY else {fate[1], ENDED}

    def end(self, ref, reason, fragments=None):
        """``ref`` ends (or only ``fragments`` of it)."""
        rest = ref.fragments - set(fragments or ())
        if fragments and ref.fragments and rest:
            ref.fragments = frozenset(rest)
            return
        del self.locks[ref.token]
        self.fates[ref.token] = (ref.item, reason)

    def renew(self, ref, timeout=None, stealable=None):
        ref.refreshed = self.now
        if timeout is not None:
            ref.timeout = timeout
        if stealable is not None:
            ref.stealable = stealable

    def picked(self, pick, live=True, elsewhere=False):
        """A token (of a live lock if there is one and ``live``, else of any
        lock given so far) and its item (or, ``elsewhere``, the other)."""
        tokens = [ref.token for ref in self.live()] if live else []
        tokens = tokens or self.tokens
        token = tokens[pick % len(tokens)]
        item = self.token_items[token]
        if elsewhere:
            item = next(other for other in sorted(ITEMS) if other != item)
        return token, item

    def may_break(self, user, ref):
        if user == ref.owner:
            return True
        return user in MAY_BREAK or (ref.stealable and user in MAY_MODIFY)

    # Running one step of the model

    def run(self, label, expected, call):
        """Run ``call`` for the model; ``expected`` is None (success) or the
        refusal the reference predicts: (error class, detail), the detail as
        ``refusal`` tells it (a set: any of them)."""
        note(label)
        STATS["steps"] += 1
        try:
            result = call()
        except LockError as error:
            assert expected is not None, (
                f"{label}: the model refused ({type(error).__name__}: {error}), "
                "the reference accepts"
            )
            cls, detail = expected
            assert type(error) is cls, (
                f"{label}: the reference refuses with {cls.__name__}, "
                f"the model with {type(error).__name__}: {error}"
            )
            got = refusal(error)
            if isinstance(detail, set):
                assert got in detail, f"{label}: {got!r} not in {detail!r}"
            elif cls is LockConflict:
                assert got == detail, (
                    f"{label}: conflicts {described(got, self)} != {described(detail, self)}"
                )
            else:
                assert got == detail, f"{label}: {got!r} != {detail!r}"
            return None
        assert expected is None, (
            f"{label}: the model accepted, the reference refuses ({expected[0].__name__})"
        )
        return result

    def check_lock(self, label, lock, ref):
        """The model's answer is the reference's lock."""
        assert lock.token == ref.token, label
        assert lock.creator == ref.owner, label
        assert set(lock.fragments) == ref.fragments, (label, lock.fragments, ref.fragments)
        assert lock.stealable == ref.stealable, label
        assert lock.timeout == ref.timeout, label
        assert lock.expires == ref.expires, label

    def new_ref(self, lock, user, item, fragments, stealable, timeout):
        assert lock.token not in self.locks and lock.token not in self.fates, "token reused"
        ref = Ref(
            token=lock.token,
            item=item,
            owner=user,
            fragments=frozenset(fragments),
            stealable=True if stealable is None else stealable,
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            refreshed=self.now,
            seq=next(self.seq),
        )
        self.locks[ref.token] = ref
        self.tokens.append(ref.token)
        self.owners[ref.token] = user
        self.token_items[ref.token] = item
        return ref

    # Rules

    def acquire(self, user, item, fragments, stealable, timeout):
        label = (
            f"{user} locks {', '.join(fragments) or 'the whole item'} of {item} "
            f"(stealable={stealable!r}, timeout={timeout!r})"
        )
        wanted = frozenset(fragments)
        expected = None
        held = None
        if not valid_timeout(timeout) or stealable not in (None, True, False):
            expected = (InvalidLockRequest, None)
        elif not wanted <= set(FRAGMENTS):
            expected = (InvalidLockRequest, None)
        else:
            # Asking again for what one holds renews it (the same token).
            own = [ref for ref in self.live(item) if ref.owner == user]
            if wanted:
                held = next((ref for ref in own if ref.fragments and wanted <= ref.fragments), None)
            else:
                held = next((ref for ref in own if not ref.fragments), None)
            if held is None:
                conflicts = frozenset(
                    ref.token for ref in self.live(item) if scopes_overlap(wanted, ref.fragments)
                )
                if conflicts:
                    expected = (LockConflict, conflicts)
        self.act_as(user)
        locks = IItemLocks(self.items[item])
        lock = self.run(
            label,
            expected,
            lambda: locks.acquire(fragments=fragments, stealable=stealable, timeout=timeout),
        )
        if lock is None:
            return
        if held is not None:
            self.renew(held, timeout, stealable)
            ref = held
        else:
            ref = self.new_ref(lock, user, item, wanted, stealable, timeout)
        note(f"  -> {ref}")
        self.check_lock(label, lock, ref)

    @rule(user=users, item=item_names, stealable=stealables, timeout=timeouts)
    def acquire_resource(self, user, item, stealable, timeout):
        self.acquire(user, item, [], stealable, timeout)

    @rule(
        user=users,
        item=item_names,
        fragments=fragment_lists,
        stealable=stealables,
        timeout=timeouts,
    )
    def acquire_fragments(self, user, item, fragments, stealable, timeout):
        self.acquire(user, item, fragments, stealable, timeout)

    @precondition(lambda self: self.tokens)
    @rule(
        pick=picks,
        live=mostly(True),
        elsewhere=mostly(False),
        actor=st.sampled_from((None, None, None, *HOLDERS)),
        fragments=st.one_of(fragment_lists, fragment_lists, fragment_lists, st.just([])),
        stealable=stealables,
        timeout=timeouts,
    )
    def add_fragments(self, pick, live, elsewhere, actor, fragments, stealable, timeout):
        """Fragments added to a lock with its token (by its owner, or by
        someone else who got hold of it; on its item, or on the other)."""
        token, item = self.picked(pick, live, elsewhere)
        ref = self.locks.get(token)
        user = actor or self.owners[token]
        label = (
            f"{user} adds {', '.join(fragments) or 'nothing'} to {self.token_name(token)} "
            f"on {item} (stealable={stealable!r}, timeout={timeout!r})"
        )
        wanted = frozenset(fragments)
        expected = None
        if not valid_timeout(timeout) or stealable not in (None, True, False):
            expected = (InvalidLockRequest, None)
        elif not wanted <= set(FRAGMENTS):
            expected = (InvalidLockRequest, None)
        elif self.gone(item, token) is not None:
            expected = (LockGone, self.gone(item, token))
        elif ref.owner != user:
            # A token adds fragments to a lock of its owner's only.
            expected = (LockGone, {UNKNOWN})
        elif not ref.fragments or not wanted:
            expected = (InvalidLockRequest, None)
        else:
            conflicts = frozenset(
                other.token
                for other in self.live(item)
                if other is not ref and scopes_overlap(wanted | ref.fragments, other.fragments)
            )
            if conflicts:
                expected = (LockConflict, conflicts)
        self.act_as(user)
        locks = IItemLocks(self.items[item])
        lock = self.run(
            label,
            expected,
            lambda: locks.acquire(
                fragments=fragments, stealable=stealable, timeout=timeout, token=token
            ),
        )
        if lock is not None:
            ref.fragments = ref.fragments | wanted
            self.renew(ref, timeout, stealable)
            self.check_lock(label, lock, ref)

    @rule(
        pick=picks,
        live=mostly(True),
        elsewhere=mostly(False),
        plain=mostly(False),
        user=users,
        plain_item=item_names,
        timeout=timeouts,
    )
    def refresh(self, pick, live, elsewhere, plain, user, plain_item, timeout):
        """Its owner refreshes a lock with its token (on its item, or on
        the other); or, ``plain``, ``user`` refreshes their resource lock
        on ``plain_item`` without a token."""
        if plain or not self.tokens:
            self.refresh_own_resource_lock(user, plain_item, timeout)
            return
        token, item = self.picked(pick, live, elsewhere)
        user = self.owners[token]
        label = f"{user} refreshes {self.token_name(token)} on {item} (timeout={timeout!r})"
        if not valid_timeout(timeout):
            expected = (InvalidLockRequest, None)
        elif self.gone(item, token) is not None:
            expected = (LockGone, self.gone(item, token))
        else:
            expected = None
        self.act_as(user)
        locks = IItemLocks(self.items[item])
        lock = self.run(label, expected, lambda: locks.refresh(token, timeout=timeout))
        if lock is not None:
            ref = self.locks[token]
            self.renew(ref, timeout)
            self.check_lock(label, lock, ref)

    def refresh_own_resource_lock(self, user, item, timeout):
        label = f"{user} refreshes their resource lock on {item} (timeout={timeout!r})"
        held = next(
            (ref for ref in self.live(item) if not ref.fragments and ref.owner == user), None
        )
        if not valid_timeout(timeout):
            expected = (InvalidLockRequest, None)
        elif held is None:
            expected = (LockNotHeld, None)
        else:
            expected = None
        self.act_as(user)
        locks = IItemLocks(self.items[item])
        lock = self.run(label, expected, lambda: locks.refresh(timeout=timeout))
        if lock is not None:
            self.renew(held, timeout)
            self.check_lock(label, lock, held)

    @rule(
        pick=picks,
        live=mostly(True),
        elsewhere=mostly(False),
        subset=subsets,
        plain=mostly(False),
        user=users,
        plain_item=item_names,
    )
    def release(self, pick, live, elsewhere, subset, plain, user, plain_item):
        """Its owner releases a lock (or some of its fragments) with its
        token; or, ``plain``, ``user`` releases all their locks on
        ``plain_item``."""
        if plain or not self.tokens:
            self.release_own(user, plain_item)
            return
        token, item = self.picked(pick, live, elsewhere)
        user = self.owners[token]
        ref = self.locks.get(token)
        fragments = None
        if ref is not None and ref.fragments and subset:
            names = sorted(ref.fragments)
            fragments = sorted({names[index % len(names)] for index in subset})
        label = (
            f"{user} releases {', '.join(fragments) if fragments else 'all'} of "
            f"{self.token_name(token)} on {item}"
        )
        gone = self.gone(item, token)
        expected = (LockGone, gone) if gone is not None else None
        self.act_as(user)
        locks = IItemLocks(self.items[item])
        done = self.run(label, expected, lambda: locks.release(token, fragments))
        if done is not None:
            self.end(ref, RELEASED, fragments)

    @precondition(lambda self: any(len(ref.fragments) > 1 for ref in self.live()))
    @rule(pick=picks, subset=subsets)
    def release_part(self, pick, subset):
        """Its owner releases some fragments of a lock, with its token."""
        several = [ref for ref in self.live() if len(ref.fragments) > 1]
        ref = several[pick % len(several)]
        names = sorted(ref.fragments)
        fragments = sorted({names[index % len(names)] for index in subset or [0]})
        if fragments == names:
            fragments = fragments[1:]
        label = f"{ref.owner} releases {', '.join(fragments)} of {ref}"
        self.act_as(ref.owner)
        locks = IItemLocks(self.items[ref.item])
        done = self.run(label, None, lambda: locks.release(ref.token, fragments))
        if done is not None:
            self.end(ref, RELEASED, fragments)
            assert ref.token in self.locks, label

    def release_own(self, user, item):
        label = f"{user} releases all their locks on {item}"
        own = [ref for ref in self.live(item) if ref.owner == user]
        expected = None if own else (LockNotHeld, None)
        self.act_as(user)
        locks = IItemLocks(self.items[item])
        released = self.run(label, expected, locks.release_own)
        if released is not None:
            assert {lock.token for lock in released} == {ref.token for ref in own}, label
            for ref in own:
                self.end(ref, RELEASED)

    @precondition(lambda self: self.live())
    @rule(actor=st.sampled_from(BREAKERS), pick=picks, subset=subsets)
    def force_release(self, actor, pick, subset):
        live = self.live()
        ref = live[pick % len(live)]
        fragments = None
        if ref.fragments and subset:
            names = sorted(ref.fragments)
            fragments = sorted({names[index % len(names)] for index in subset})
        label = (
            f"{actor} forces the release of {', '.join(fragments) if fragments else 'all'} of {ref}"
        )
        if self.may_break(actor, ref):
            expected = None
        else:
            expected = (LockNotBreakable, ref.token)
        self.act_as(actor)
        locks = IItemLocks(self.items[ref.item])
        (lock,) = [lock for lock in locks.active() if lock.lock_id == fingerprint(ref.token)]
        done = self.run(label, expected, lambda: locks.force_release(lock, fragments) or True)
        if done is not None:
            self.end(ref, RELEASED if actor == ref.owner else FORCED, fragments)

    @rule(seconds=st.sampled_from((1, 29, 30, 31, 59, 60, 61, 299, 300, 600, 601, 3600, 86400)))
    def advance_clock(self, seconds):
        note(f"the clock moves {seconds} s on")
        STATS["steps"] += 1
        self.now += seconds
        CLOCK["now"] = self.now

    @rule(
        lister=st.sampled_from(BULK_USERS),
        releaser=st.sampled_from((None, None, None, *BULK_USERS)),
        where=st.sampled_from(sorted(CONTEXTS)),
        filters=filter_sets,
        dry_run=mostly(False),
    )
    def bulk_release(self, lister, releaser, where, filters, dry_run):
        """``lister`` lists locks with ``filters`` as ``@locks`` does,
        ``releaser`` (None: the lister) releases what was listed."""
        if isinstance(filters.get("fragment"), int):
            held = sorted({name for ref in self.live() for name in ref.fragments}) or FRAGMENTS
            filters = {**filters, "fragment": held[filters["fragment"] % len(held)]}
        self.bulk(lister, releaser or lister, where, filters, dry_run)

    @precondition(lambda self: any(len(ref.fragments) > 1 for ref in self.live()))
    @rule(pick=picks, user=st.sampled_from((None, "siteadmin", "manager")), dry_run=mostly(False))
    def bulk_release_part(self, pick, user, dry_run):
        """The owner or a manager of locks releases in bulk one fragment of
        a lock that holds several (``@locks?fragment=...``)."""
        several = [ref for ref in self.live() if len(ref.fragments) > 1]
        ref = several[pick % len(several)]
        names = sorted(ref.fragments)
        fragment = names[pick % len(names)]
        self.bulk(user or ref.owner, user or ref.owner, "site", {"fragment": fragment}, dry_run)

    def bulk(self, lister, releaser, where, filters, dry_run):
        """What ``lister`` sees (managers of locks: everything; others: their
        own) is what ``management.visible_entries`` lists; what
        ``release_entries`` releases and refuses, as ``releaser``, is what
        the reference says (docs/site-locks.md, "Releasing in bulk"); a dry
        run releases nothing."""
        label = f"{releaser} releases in bulk at {where} what {lister} lists with {filters!r}" + (
            " (dry run)" if dry_run else ""
        )
        note(label)
        STATS["steps"] += 1
        context = self.containers[where]
        # What the lister sees.
        creator = filters.get("creator")
        if lister not in MAY_MANAGE:
            creator = creator or lister
        listed = {}
        if lister in MAY_MANAGE or creator == lister:
            for ref in self.live():
                if ref.item not in CONTEXTS[where] or creator not in (None, ref.owner):
                    continue
                if "stealable" in filters and ref.stealable != filters["stealable"]:
                    continue
                for uri in ref.uris():
                    if filters.get("kind") not in (None, "fragment" if uri else "resource"):
                        continue
                    if filters.get("fragment") not in (None, uri):
                        continue
                    listed.setdefault(ref.token, []).append(uri)
        self.act_as(lister)
        entries = list(management.visible_entries(context, filters))
        assert self.entry_keys(entries) == {
            (self.locks[token].item, uri, fingerprint(token))
            for token, uris in listed.items()
            for uri in uris
        }, label
        # What the releaser may release: their own; managers of locks break
        # others' under the model's rules; everyone else nothing of others'.
        released, refused, ends = set(), set(), []
        for token, uris in listed.items():
            ref = self.locks[token]
            keys = {(ref.item, uri, fingerprint(token)) for uri in uris}
            partial = ref.fragments and set(uris) < ref.fragments
            if releaser == ref.owner:
                released |= keys
                ends.append((ref, RELEASED, uris if partial else None))
            elif releaser in MAY_MANAGE and self.may_break(releaser, ref):
                released |= keys
                ends.append((ref, FORCED, uris if partial else None))
            else:
                refused |= keys
        self.act_as(releaser)
        try:
            got_released, got_refused = management.release_entries(
                context, self.request, entries, dry_run=dry_run
            )
        finally:
            IAnnotations(self.request).pop(scope.KEY, None)
        assert self.entry_keys(got_released) == released, label
        assert self.entry_keys(entry for entry, _reason in got_refused) == refused, label
        if not dry_run:
            for ref, reason, fragments in ends:
                self.end(ref, reason, fragments)

    def entry_keys(self, entries):
        base = len(path_of(self.portal))
        names = {where: name for name, where in ITEMS.items()}
        return {
            (names[tuple(entry["path"][base:])], entry["fragment"], entry["lock_id"])
            for entry in entries
        }

    def token_owner(self, token):
        return self.owners[token]

    def token_name(self, token):
        ref = self.locks.get(token)
        if ref is not None:
            return str(ref)
        return f"the ended lock #{self.tokens.index(token) + 1}"

    # Invariants

    @invariant()
    def locks_are_the_references(self):
        """The live locks of each item are the reference's, and none
        overlaps another."""
        self.act_as("manager")
        for item, page in self.items.items():
            locks = IItemLocks(page)
            active = locks.active()
            expected = self.live(item)
            assert {lock.token for lock in active} == {ref.token for ref in expected}, (
                f"{item}: the model has {[str(lock) for lock in active]}, "
                f"the reference {[str(ref) for ref in expected]}"
            )
            for lock in active:
                self.check_lock(f"live lock on {item}", lock, self.locks[lock.token])
            for first, second in itertools.combinations(active, 2):
                assert not scopes_overlap(set(first.fragments), set(second.fragments)), (
                    f"{item}: overlapping locks {first} and {second}"
                )
            resource = locks.resource_lock()
            assert (resource.token if resource else None) == next(
                (ref.token for ref in expected if not ref.fragments), None
            )
            assert {name: lock.token for name, lock in locks.fragment_locks().items()} == {
                name: ref.token for ref in expected for name in ref.fragments
            }

    @invariant()
    def tokens_open_their_own_lock_only(self):
        """A live token opens its lock on its item, and nothing elsewhere;
        a dead one says why."""
        self.act_as("manager")
        for item, page in self.items.items():
            locks = IItemLocks(page)
            for token in self.tokens:
                gone = self.gone(item, token)
                label = f"{self.token_name(token)} on {item}"
                try:
                    lock = locks.lock_for(token)
                except LockGone as error:
                    assert gone is not None, f"{label}: the model says {error.reason}"
                    assert error.reason in gone, f"{label}: {error.reason} not in {gone}"
                else:
                    assert gone is None and lock.token == token, f"{label}: opens {lock}"
                # check_tokens ignores tokens the item never knew.
                try:
                    locks.check_tokens([token])
                except LockGone as error:
                    assert gone not in (None, {UNKNOWN}), f"{label}: check_tokens: {error}"
                    assert error.reason in gone, label
                else:
                    assert gone is None or UNKNOWN in gone, f"{label}: check_tokens passes"

    @invariant()
    def writes_are_blocked_by_live_locks_only(self):
        """What ``blocking`` answers for a write of some fields by a user
        carrying their tokens (REST) or passing as owner (classic UI)."""
        for user in HOLDERS:
            self.act_as(user)
            mine = {token for token in self.tokens if self.token_owner(token) == user}
            for item, page in self.items.items():
                locks = IItemLocks(page)
                live = self.live(item)
                for fields, tokens, owner_passes in write_checks(mine):
                    got = {
                        lock.token
                        for lock in locks.blocking(fields, tokens, owner_passes=owner_passes)
                    }
                    expected = {
                        ref.token
                        for ref in live
                        if covers(ref.fragments, fields)
                        and ref.token not in tokens
                        and not (owner_passes and ref.owner == user)
                    }
                    assert got == expected, (
                        f"{user} writes {fields} of {item} (owner passes: {owner_passes}): "
                        f"blocked by {described(got, self)}, not {described(expected, self)}"
                    )

    @invariant()
    def site_index_lists_the_live_locks(self):
        """``@locks``: a manager sees every live lock, an editor their own."""
        expected = {
            (ref.item, uri, fingerprint(ref.token), ref.owner, ref.stealable, ref.expires)
            for ref in self.live()
            for uri in ref.uris()
        }
        base = path_of(self.portal)
        index = site_locks()

        def seen(entries):
            names = {where: name for name, where in ITEMS.items()}
            return {
                (
                    names[tuple(entry["path"][len(base) :])],
                    entry["fragment"],
                    entry["lock_id"],
                    entry["creator"],
                    entry["stealable"],
                    entry["expires"],
                )
                for entry in entries
            }

        # What a manager's unfiltered listing reads: the tables' summaries
        # and pages of entries (bulk_release lists through visible_entries).
        everything = management.SubtreeEntries(index, base, self.now)
        count = index.count(base, now=self.now)
        assert len(everything) == len(expected) == count, (len(everything), len(expected), count)
        assert seen(list(everything)) == expected, "the listing of the site"
        assert seen(index.entries(base, now=self.now)) == expected, "the index's entries"
        in_folder = index.entries(path_of(self.containers["folder"]), now=self.now)
        in_folder_expected = {key for key in expected if key[0] == "page-2"}
        assert seen(in_folder) == in_folder_expected, "the index's entries in the folder"
        for user in HOLDERS:
            own = index.entries(base, creator=user, now=self.now)
            assert seen(own) == {key for key in expected if key[3] == user}, f"{user}'s entries"


def test_lock_model_against_reference(portal, http_request, monkeypatch, capsys, record_property):
    """At least EXAMPLES examples of up to STEPS steps each, all passing
    (their number is printed, and recorded as a property of the test)."""
    monkeypatch.setattr(clock, "now", lambda: CLOCK["now"])
    made = itertools.count(1)
    monkeypatch.setattr(locks_module, "new_token", lambda: f"test-token-{next(made):08d}")
    env = {"portal": portal, "request": http_request, "users": {}}
    monkeypatch.setattr(LockModelMachine, "env", env)
    STATS.update(examples=0, steps=0)
    started = time.monotonic()
    run_state_machine_as_test(LockModelMachine, settings=SETTINGS)
    with capsys.disabled():
        print(
            f"\n{STATS['examples']} stateful examples, {STATS['steps']} steps, "
            f"{time.monotonic() - started:.1f} s"
        )
    record_property("stateful_examples", STATS["examples"])
    record_property("stateful_steps", STATS["steps"])
    assert STATS["examples"] >= EXAMPLES
