"""Keep locked items where they are, copies free of locks, and tokens out of
the error log."""

from collective.locking import _
from collective.locking import clock
from collective.locking import rules
from collective.locking.errors import Forbidden
from collective.locking.lock import fingerprint
from collective.locking.locks import item_locks
from collective.locking.mirror import unmark_non_stealable
from collective.locking.principal import current_user_id
from collective.locking.request import raw_token_headers
from collective.locking.request import request_tokens
from collective.locking.settings import installed_here
from collective.locking.sitewide import path_of
from collective.locking.sitewide import site_locks
from collective.locking.sitewide import table_of
from Products.SiteErrorLog.SiteErrorLog import temp_logs
from zope.globalrequest import getRequest


REDACTED = "<redacted lock token>"


def refuse_removal_of_locked_items(obj, event):
    """IObjectWillBeMovedEvent: refuse to delete, rename, move (or paste a
    cut of) an item while it, or anything inside it, carries a lock that the
    current user does not own and the request does not open.

    Checked once, for the item being moved itself: its own locks through the
    model, everything below it through the site-wide index (one range of
    keys, whatever the size of the folder). Adding an item fires this too
    (without an old parent) and is not checked.
    """
    if event.oldParent is None or event.object is not obj or not installed_here():
        return
    request = getRequest()
    tokens = set(request_tokens(request))
    locks = item_locks(obj)
    blocking = [
        lock
        for lock in locks.active()
        if rules.blocks_write(lock, None, tokens, locks.owns(lock), owner_passes=True)
    ]
    index = site_locks()
    if not blocking and index is not None:
        userid = current_user_id()
        opened = {fingerprint(token) for token in tokens}
        blocking = [
            entry
            for entry in index.entries(path_of(obj), now=clock.now())
            if rules.blocks_removal(
                entry["user_unlockable"], entry["lock_id"] in opened, entry["creator"] == userid
            )
        ]
    if blocking:
        first = blocking[0]
        creator = first["creator"] if isinstance(first, dict) else first.creator
        message = _(
            "${item} is locked by ${creator} (on the item or inside it) "
            "and cannot be deleted, renamed or moved.",
            mapping={"item": obj.getId(), "creator": creator},
        )
        raise Forbidden(
            message,
            locks=blocking,
        )


def forget_copied_locks(obj, event):
    """IObjectAddedEvent: an item that is new here (a copy, an import, a
    check-out's working copy) never carries the locks of its original."""
    locks = item_locks(obj)
    table = table_of(obj)
    if table is not None and any(record.get("marked") for record in table.locks.values()):
        unmark_non_stealable(obj)
    if table is not None:
        locks.forget()
    if getattr(obj, "_dav_writelocks", None):
        obj.wl_clearLocks()


def redact_error_log(event):
    """IErrorRaisedEvent: Zope's error log keeps the request (its headers
    included) of every logged error; take the lock tokens out of it."""
    request = getRequest()
    if request is None:
        return
    secrets = sorted(set(raw_token_headers(request)) | set(request_tokens(request)), key=len)
    if not secrets:
        return
    for log in list(temp_logs.values()):
        for entry in log:
            if entry.get("id") == event.get("id"):
                for key in ("req_html", "tb_text", "tb_html", "value"):
                    if isinstance(entry.get(key), str):
                        entry[key] = redact(entry[key], secrets)


def redact(text, secrets):
    for secret in reversed(secrets):  # the longest first: headers contain tokens
        text = text.replace(secret, REDACTED)
    return text
