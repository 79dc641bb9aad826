"""Content, users and locks for bench.py, in the sites ``addon`` (with
collective.locking) and ``stock`` (without): run inside Zope by bench.py,

    .venv/bin/zconsole run var/bench/etc/zope.conf benchmarks/prepare.py

Writes what the benchmarks need to know (tokens) to BENCH_STATE. Both sites
get the same content; locks are taken through each site's own API (the
add-on's model, or stock plone.locking).
"""

from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from plone.locking.interfaces import ILockable
from plone.locking.interfaces import LockType
from zope.component.hooks import setSite

import json
import os
import sys
import transaction


LISTING = int(os.environ.get("BENCH_LISTING", "10000"))
STATE = os.environ["BENCH_STATE"]
USERS = [f"client{number}" for number in range(1, 21)]
CYCLE_PAGES = [f"cycle-{number}" for number in range(1, 9)]
ITEM_PAGES = [f"item-{number}" for number in range(1, 9)]
PAGES = ["unlocked", "locked", "patch", "fields", "crowded", "twenty", "free"]
#: A day: no lock expires during a benchmark.
DAY = 86400
LONG_STOCK_LOCK = LockType("plone.locking.stealable", True, True, timeout=DAY // 60)


def log(message):
    print(f"prepare: {message}", flush=True)


def as_user(site, login):
    user = site.acl_users.getUserById(login)
    newSecurityManager(None, user.__of__(site.acl_users))


def as_admin(app):
    admin = app.acl_users.getUser("admin")
    newSecurityManager(None, admin.__of__(app.acl_users))


def ensure_users(site):
    for login in USERS:
        if site.acl_users.getUserById(login) is None:
            site.acl_users.userFolderAddUser(login, f"{login}-secret", ["Member", "Editor"], [])
            site.portal_membership.getMemberById(login).setMemberProperties(
                {"fullname": f"Client {login[6:]}"}
            )


def ensure_pages(site):
    for page_id in PAGES + CYCLE_PAGES + ITEM_PAGES:
        if page_id not in site:
            page = api.content.create(container=site, type="Document", id=page_id, title=page_id)
            api.content.transition(obj=page, transition="publish")
    if "many" not in site:
        api.content.create(container=site, type="Document", id="many", title="Many")
    many = site["many"]
    existing = len(many.objectIds())
    for number in range(existing, LISTING):
        api.content.create(
            container=many, type="Document", id=f"page-{number:05d}", title=f"Page {number}"
        )
        if number % 500 == 499:
            transaction.commit()
            log(f"{site.getId()}: {number + 1} of {LISTING} pages")
    transaction.commit()


def addon_locks(site):
    from collective.locking.interfaces import IItemLocks
    from collective.locking.sitewide import site_locks

    tokens = {}
    as_user(site, "bob")
    IItemLocks(site["locked"]).acquire(timeout=DAY)
    as_user(site, "alice")
    tokens["patch"] = IItemLocks(site["patch"]).acquire(timeout=DAY).token
    names = sorted(IItemLocks(site["twenty"]).fragment_names())
    for login, name in zip(USERS, names, strict=False):
        as_user(site, login)
        IItemLocks(site["twenty"]).acquire(fragments=[name], timeout=DAY)
        if name != "title":
            IItemLocks(site["crowded"]).acquire(fragments=[name], timeout=DAY)
    # Each page's lock table exists (the very first lock of an item makes it).
    for page_id in CYCLE_PAGES + ITEM_PAGES + ["fields", "free"]:
        locks = IItemLocks(site[page_id])
        locks.release(locks.acquire(fragments=["title"]).token)
    index = site_locks(site)
    many = site["many"]
    if index.count(tuple(many.getPhysicalPath())) < LISTING:
        for number, page_id in enumerate(sorted(many.objectIds())[:LISTING]):
            as_user(site, USERS[number % len(USERS)])
            locks = IItemLocks(many[page_id])
            if not locks.active():
                locks.acquire(fragments=["title"], timeout=DAY)
            if number % 1000 == 999:
                transaction.commit()
    log(f"addon: {index.count(tuple(site.getPhysicalPath()))} lock entries in the index")
    return tokens


def stock_locks(site):
    tokens = {}
    as_user(site, "bob")
    ILockable(site["locked"]).lock(LONG_STOCK_LOCK)
    as_user(site, "alice")
    lockable = ILockable(site["patch"])
    lockable.lock(LONG_STOCK_LOCK)
    tokens["patch"] = lockable.lock_info()[0]["token"]
    return tokens


def main():
    state = {}
    for site_id in ("addon", "stock"):
        site = app[site_id]  # noqa: F821 (zconsole run gives the script `app`)
        setSite(site)
        as_admin(app)  # noqa: F821
        ensure_users(site)
        ensure_pages(site)
        state[site_id] = addon_locks(site) if site_id == "addon" else stock_locks(site)
        transaction.commit()
    with open(STATE, "w") as file:
        json.dump(state, file)
    log("ready")


main()
sys.exit(0)
