"""collective.locking: resource and fragment locks for Plone's REST API."""

import logging


logger = logging.getLogger("collective.locking")
