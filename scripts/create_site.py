"""Create (or reuse) the demo Plone site for ``make site`` / ``make start``.

Run it inside Zope, which binds ``app`` to the Zope root::

    .venv/bin/zconsole run etc/zope.conf scripts/create_site.py
    bin/instance run scripts/create_site.py      # with buildout

Idempotent; every run:

1. makes sure the Zope root has the admin user ADMIN_USER with the password
   ADMIN_PASSWORD and the Manager role (the password is reset if it exists);
2. creates the Plone site SITE_ID (Volto-ready: plone.app.contenttypes,
   plone.restapi, plone.volto, collective.locking) if it is missing, or else
   installs collective.locking into it if that is not installed yet;
3. adds the demo content if it is missing: a published folder "Demo" (id
   ``demo``; a folderish Document, since plone.volto does not allow the
   Folder type) holding three published pages, and one published page at the
   root, all with a title block and text blocks for Volto (and the same text
   in the rich text field, should the Document type have one), and the
   demo editors ``alice`` and ``bob`` (passwords ``alice-secret`` and
   ``bob-secret``) that the documentation's examples use;
4. commits.

Settings, from the environment (the Makefile passes its variables):

  SITE_ID         Plone     id of the Plone site
  SITE_TITLE      collective.locking demo
  ADMIN_USER      admin     Zope root user with the Manager role
  ADMIN_PASSWORD  admin
  SKIP_ADDON      0         1: do not install collective.locking's profile
                            (useful while the add-on's profile is broken)
  DEMO_CONTENT    1         0: create no demo content
"""

from AccessControl.SecurityManagement import newSecurityManager
from Products.CMFPlone.factory import addPloneSite
from zope.component.hooks import setSite

import os
import sys
import transaction
import uuid


def env_flag(name, default):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


SITE_ID = os.environ.get("SITE_ID", "Plone")
SITE_TITLE = os.environ.get("SITE_TITLE", "collective.locking demo")
ADMIN_USER = os.environ.get("ADMIN_USER", "admin")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
SKIP_ADDON = env_flag("SKIP_ADDON", "0")
DEMO_CONTENT = env_flag("DEMO_CONTENT", "1")

ADDON = "collective.locking"
EXTENSION_IDS = [
    "plone.app.contenttypes:default",
    "plone.restapi:default",
    "plone.volto:default",
]
if not SKIP_ADDON:
    EXTENSION_IDS.append(f"{ADDON}:default")

# (id, title, description, paragraphs)
DEMO_PAGES = [
    (
        "meeting-notes",
        "Meeting notes",
        "Notes that two editors keep at the same time.",
        [
            "Lock the whole page with POST @lock, or only one field with a "
            "fragment lock, and a second editor can still edit the others.",
            "Try it: lock the title as one user and the text as another.",
        ],
    ),
    (
        "release-plan",
        "Release plan",
        "A page to lock while you plan.",
        [
            "Only the owner of a lock ever sees its token.",
            "Locks can be made not stealable and given their own timeout.",
        ],
    ),
    (
        "style-guide",
        "Style guide",
        "A page for strict lock handling.",
        [
            "Send 'Prefer: handling=strict' and a write to a page locked by "
            "someone else is refused instead of quietly ignored.",
        ],
    ),
]
DEMO_FOLDER = (
    "demo",
    "Demo",
    "Pages to try collective.locking with.",
    ["Each page in here is published: lock it, edit it, steal its lock."],
)
ROOT_PAGE = (
    "welcome",
    "Welcome to collective.locking",
    "Resource and fragment locks for Plone's REST API.",
    [
        "This demo site was made by 'make start'.",
        "The folder 'Demo' holds pages to lock and edit with two users.",
    ],
)


def log(message):
    print(f"create_site: {message}", flush=True)


def ensure_admin(app):
    """Add or reset ADMIN_USER (Manager) in the Zope root's user folder.

    With Plone installed the root user folder is a PluggableAuthService
    (users in its ZODBUserManager ``users``, roles in ``roles``); a plain
    Zope user folder is handled too.
    """
    acl_users = app.acl_users
    users = getattr(acl_users.aq_base, "users", None)
    roles = getattr(acl_users.aq_base, "roles", None)
    if users is not None and roles is not None:  # PluggableAuthService
        users = acl_users.users
        if ADMIN_USER in users.listUserIds():
            users.updateUserPassword(ADMIN_USER, ADMIN_PASSWORD)
            log(f"Zope admin user {ADMIN_USER!r} exists: password reset")
        else:
            users.addUser(ADMIN_USER, ADMIN_USER, ADMIN_PASSWORD)
            log(f"added Zope admin user {ADMIN_USER!r}")
        acl_users.roles.assignRoleToPrincipal("Manager", ADMIN_USER)
    elif acl_users.getUser(ADMIN_USER) is None:  # plain Zope user folder
        acl_users._doAddUser(ADMIN_USER, ADMIN_PASSWORD, ["Manager"], [])
        log(f"added Zope admin user {ADMIN_USER!r}")
    else:
        user = acl_users.getUser(ADMIN_USER)
        user_roles = sorted((set(user.getRoles()) | {"Manager"}) - {"Authenticated"})
        acl_users._doChangeUser(ADMIN_USER, ADMIN_PASSWORD, user_roles, user.getDomains())
        log(f"Zope admin user {ADMIN_USER!r} exists: password reset")
    admin = acl_users.getUser(ADMIN_USER)
    if admin is None or "Manager" not in admin.getRoles():
        raise SystemExit(f"create_site: could not make {ADMIN_USER!r} a Manager")
    newSecurityManager(None, admin.__of__(acl_users))


def ensure_site(app):
    site = app.get(SITE_ID)
    if site is None:
        log(f"creating Plone site {SITE_ID!r} with {', '.join(EXTENSION_IDS)}")
        site = addPloneSite(
            app,
            SITE_ID,
            title=SITE_TITLE,
            default_language="en",
            extension_ids=EXTENSION_IDS,
        )
        setSite(site)
        return site
    log(f"Plone site {SITE_ID!r} exists: reusing it")
    setSite(site)
    if not SKIP_ADDON:
        from plone.base.utils import get_installer

        installer = get_installer(site, app.REQUEST)
        if installer.is_product_installed(ADDON):
            log(f"{ADDON} is installed")
        else:
            log(f"installing {ADDON}")
            if not installer.install_product(ADDON):
                raise SystemExit(f"create_site: could not install {ADDON}")
    return site


def blocks_for(paragraphs):
    """Volto blocks: a title block, then one slate block per paragraph."""
    blocks = {str(uuid.uuid4()): {"@type": "title"}}
    for text in paragraphs:
        blocks[str(uuid.uuid4())] = {
            "@type": "slate",
            "plaintext": text,
            "value": [{"type": "p", "children": [{"text": text}]}],
        }
    return blocks, {"items": list(blocks)}


def add_page(container, page_id, title, description, paragraphs):
    from plone import api
    from plone.app.textfield.value import RichTextValue

    blocks, layout = blocks_for(paragraphs)
    page = api.content.create(
        container=container,
        type="Document",
        id=page_id,
        title=title,
        description=description,
        blocks=blocks,
        blocks_layout=layout,
    )
    if hasattr(page, "text"):
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        page.text = RichTextValue(html, "text/html", "text/x-html-safe")
        page.reindexObject()
    return page


def publish(obj):
    from plone import api

    if api.content.get_state(obj=obj, default=None) != "published":
        api.content.transition(obj=obj, to_state="published")


def ensure_demo_content(site):
    from plone import api

    added = []
    with api.env.adopt_user(username=ADMIN_USER):
        folder = site.get("demo")
        if folder is None:
            # plone.volto makes Document folderish and Folder not addable.
            folder = add_page(site, *DEMO_FOLDER)
            added.append(folder)
        for page_id, title, description, paragraphs in DEMO_PAGES:
            if page_id not in folder:
                added.append(add_page(folder, page_id, title, description, paragraphs))
        if ROOT_PAGE[0] not in site:
            added.append(add_page(site, *ROOT_PAGE))
        for obj in added:
            publish(obj)
    if added:
        log("added demo content: " + ", ".join("/".join(o.getPhysicalPath()[2:]) for o in added))
    else:
        log("demo content exists")


#: Demo editors, as in the documentation's examples: login, password, name.
DEMO_USERS = [
    ("alice", "alice-secret", "Alice Liddell"),
    ("bob", "bob-secret", "Bob Cratchit"),
]


def ensure_demo_users(site):
    """Site users with the Editor role (password reset if they exist)."""
    acl_users = site.acl_users
    membership = site.portal_membership
    for login, password, fullname in DEMO_USERS:
        if acl_users.getUserById(login) is None:
            acl_users.userFolderAddUser(login, password, ["Member", "Editor"], [])
            log(f"added demo user {login!r}")
        else:
            acl_users.source_users.updateUserPassword(login, password)
        membership.getMemberById(login).setMemberProperties({"fullname": fullname})


def main(app):
    ensure_admin(app)
    site = ensure_site(app)
    if DEMO_CONTENT:
        ensure_demo_content(site)
        ensure_demo_users(site)
    transaction.get().note(f"scripts/create_site.py for {SITE_ID}")
    transaction.commit()
    log("committed")


try:
    main(app)  # noqa: F821 -- `app` is bound by zconsole run
except BaseException:
    setSite(None)
    transaction.abort()
    raise
setSite(None)
sys.stdout.flush()
