"""collective.locking: resource and fragment locks for Plone's REST API."""

from zope.i18nmessageid import MessageFactory

import logging


PACKAGE_NAME = "collective.locking"

_ = MessageFactory(PACKAGE_NAME)

logger = logging.getLogger(PACKAGE_NAME)
