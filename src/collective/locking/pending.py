"""What the current transaction did to locks, until it commits.

Kept on the transaction itself (``Transaction.data``), so that a retried or
aborted request leaves nothing behind:

- the locks broken in this transaction, which still guard their fields
  against writes in the same transaction (breaking a lock and overwriting
  its owner's work in one step is not a release, it is a lost update);
- the items whose Zope locks the model changed;
- the items being reverted to an older version;
- whether trusted code asked the write guard to let this transaction pass.
"""

from Acquisition import aq_base

import transaction


class _Key:
    """The key of this module's data on a transaction."""


KEY = _Key()


def state(txn=None):
    txn = txn or transaction.get()
    try:
        return txn.data(KEY)
    except KeyError:
        data = {"broken": {}, "written": set(), "reverting": set(), "trusted": None}
        txn.set_data(KEY, data)
        return data


def item_key(item):
    """Items are known by their object id: the guard meets them unwrapped."""
    base = aq_base(item)
    return getattr(base, "_p_oid", None) or id(base)


def note_broken(item, lock):
    state()["broken"].setdefault(item_key(item), []).append(lock)


def broken(item, txn=None):
    """The locks on ``item`` that this transaction broke."""
    return list(state(txn)["broken"].get(item_key(item), ()))


def note_written(item):
    """The model changed ``item``'s Zope locks (they need no following)."""
    state()["written"].add(item_key(item))


def written(item, txn=None):
    return item_key(item) in state(txn)["written"]


def note_reverting(item):
    """Products.CMFEditions reverts ``item`` in this transaction."""
    state()["reverting"].add(item_key(item))


def reverting(item, txn=None):
    return item_key(item) in state(txn)["reverting"]


def trust(reason, txn=None):
    state(txn)["trusted"] = reason


def trusted(txn=None):
    """Why trusted code let this transaction write past locks, or None."""
    return state(txn)["trusted"]
