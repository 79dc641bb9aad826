"""Build the site-wide lock index anew from the items' own lock tables.

make rebuild-index            # or, with the site stopped:
SITE_ID=Plone .venv/bin/zconsole run etc/zope.conf scripts/rebuild_index.py
"""

from collective.locking.guard import trust_this_transaction
from collective.locking.sitewide import rebuild
from zope.component.hooks import setSite

import os
import transaction


site_id = os.environ.get("SITE_ID", "Plone")
site = app[site_id]  # noqa: F821 (zconsole run gives the script `app`)
setSite(site)
trust_this_transaction("rebuilding collective.locking's index")
found = rebuild(site)
transaction.commit()
print(f"collective.locking: the index of /{site_id} holds {found} lock(s).")
