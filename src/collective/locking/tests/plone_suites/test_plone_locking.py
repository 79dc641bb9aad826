"""plone.locking's own tests, doctest included, against the add-on's site.

Their classes are plone.locking's; only their layer changes (the add-on and
Plone in one component registry, as in production). Imported as a module so
that pytest does not also collect them with their own layer.
"""

from collective.locking.testing import INTEGRATION_TESTING
from collective.locking.tests.plone_suites.doctests import run_doctest
from plone.locking import testing as locking_testing
from plone.locking.tests import test_functional as stock_doctest
from plone.locking.tests import test_views as stock


class TestLockInfoViewWithoutLockingWithAddon(stock.TestLockInfoViewWithoutLocking):
    layer = INTEGRATION_TESTING


def test_locking_doctest(functional):
    failure = run_doctest(
        "tests/locking.rst",
        package="plone.locking",
        layer=functional,
        optionflags=locking_testing.optionflags,
        setup=stock_doctest.setup,
    )
    assert failure is None, failure
