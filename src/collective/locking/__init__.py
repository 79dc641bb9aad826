"""collective.locking: resource and fragment locks for Plone's REST API."""

from zope.i18nmessageid import MessageFactory

import logging


logger = logging.getLogger("collective.locking")

#: Every label and message of the add-on: translated at render time.
_ = MessageFactory("collective.locking")
