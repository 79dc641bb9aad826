"""plone.restapi's own locking tests, run against a site with the add-on.

The classes are plone.restapi's; only their layer changes. Imported as a
module so that pytest does not also collect them with their own layer.
"""

from collective.locking.testing import FUNCTIONAL_TESTING
from plone.restapi.tests import test_locking as stock


class TestStockLockingWithAddon(stock.TestLocking):
    layer = FUNCTIONAL_TESTING
