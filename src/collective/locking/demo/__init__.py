"""The demo site: what ``make start`` serves and the documentation shows.

``scripts/create_site.py`` (``make site``, ``make start``) builds the demo
site with these functions (the site in ``demo.site``, its pages and users in
``demo.content``), and so does the test that writes the
documentation's HTTP examples (``tests/test_docs_examples.py``): the
examples are produced on the same content, users and block ids that a reader
finds on the demo.

Every function is idempotent: it adds what is missing and keeps what is
there. They run inside Zope (``zconsole run``, a test layer), with a user
allowed to do what they do (a Manager).

The demo, as the documentation describes it:

- a Plone site made like Plone's own Volto distribution: plone.app.contenttypes,
  plone.restapi, plone.volto (Documents with Volto blocks and no rich text
  field; folderish Documents), Barceloneta for the classic UI, and
  collective.locking;
- a published folderish page ``demo`` ("Demo") holding the published pages
  ``meeting-notes``, ``release-plan`` and ``style-guide``, and the published
  page ``welcome`` at the root; every page has a title block ``title`` and
  text blocks whose ids are fixed (see ``DEMO_PAGES``), so that the
  documented block locks (``blocks/headings``) run as written;
- the editors ``alice`` (password ``alice-secret``) and ``bob``
  (``bob-secret``), with the Editor role.
"""

from collective.locking.demo.content import DEMO_FOLDER
from collective.locking.demo.content import DEMO_PAGES
from collective.locking.demo.content import DEMO_USERS
from collective.locking.demo.content import ensure_demo_content
from collective.locking.demo.content import ensure_demo_users
from collective.locking.demo.content import ROOT_PAGE
from collective.locking.demo.site import ensure_site
from collective.locking.demo.site import ensure_zope_admin
from collective.locking.demo.site import SITE_TITLE


__all__ = [
    "DEMO_FOLDER",
    "DEMO_PAGES",
    "DEMO_USERS",
    "ROOT_PAGE",
    "SITE_TITLE",
    "ensure_demo_content",
    "ensure_demo_users",
    "ensure_site",
    "ensure_zope_admin",
]
