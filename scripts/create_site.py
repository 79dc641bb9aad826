"""Create (or reuse) the demo Plone site for ``make site`` / ``make start``.

Run it inside Zope, which binds ``app`` to the Zope root::

    .venv/bin/zconsole run etc/zope.conf scripts/create_site.py
    bin/instance run scripts/create_site.py      # with buildout

Idempotent; every run:

1. makes sure the Zope root has the admin user ADMIN_USER with the password
   ADMIN_PASSWORD and the Manager role (the password is reset if it exists);
2. creates the Plone site SITE_ID as Plone's Volto distribution makes it
   (plone.app.contenttypes, plone.restapi, plone.volto, Barceloneta for the
   classic UI) with collective.locking, if it is missing; or else installs
   collective.locking and Barceloneta into it if they are not installed yet;
   either way the theme is served on 127.0.0.1 too (the address ``make
   start`` prints; Plone leaves it unthemed by default) and plone.volto's banner
   "You have accessed the Plone backend through its Classic UI frontend" is
   hidden: the demo has no Volto frontend, its classic UI is the one to use;
3. adds the demo content if it is missing: a published folder "Demo" (id
   ``demo``; a folderish Document, since plone.volto does not allow the
   Folder type) holding three published pages, and one published page at the
   root, all with a title block and text blocks with fixed ids for Volto
   (``blocks/headings`` of ``demo/style-guide``, say: the documentation's
   examples use them), and the demo editors ``alice`` and ``bob`` (passwords
   ``alice-secret`` and ``bob-secret``);
4. commits.

What the demo holds is defined in ``collective.locking.demo``, which the
tests that write the documentation's examples use too.

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
from collective.locking import demo
from zope.component.hooks import setSite

import os
import sys
import transaction


def env_flag(name, default):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


SITE_ID = os.environ.get("SITE_ID", "Plone")
SITE_TITLE = os.environ.get("SITE_TITLE", demo.SITE_TITLE)
ADMIN_USER = os.environ.get("ADMIN_USER", "admin")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
SKIP_ADDON = env_flag("SKIP_ADDON", "0")
DEMO_CONTENT = env_flag("DEMO_CONTENT", "1")


def log(message):
    print(f"create_site: {message}", flush=True)


def main(app):
    try:
        admin = demo.ensure_zope_admin(app, ADMIN_USER, ADMIN_PASSWORD, log)
        newSecurityManager(None, admin.__of__(app.acl_users))
        site = demo.ensure_site(app, SITE_ID, title=SITE_TITLE, with_addon=not SKIP_ADDON, log=log)
    except RuntimeError as error:
        raise SystemExit(f"create_site: {error}") from error
    if DEMO_CONTENT:
        demo.ensure_demo_content(site, admin=ADMIN_USER, log=log)
        demo.ensure_demo_users(site, log=log)
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
