"""plone.app.iterate's tests (check-out and check-in lock their baseline)
against the add-on's site, with iterate's own test set-up."""

from collective.locking.testing import ITERATE_INTEGRATION_TESTING
from collective.locking.tests.plone_suites.doctests import run_doctest
from plone.app.iterate.tests import test_iterate as stock

import doctest


class TestIterationsWithAddon(stock.TestIterations):
    layer = ITERATE_INTEGRATION_TESTING


def test_dexterity_doctest(iterate_functional_layer):
    failure = run_doctest(
        "dexterity.rst",
        package="plone.app.iterate.tests",
        layer=iterate_functional_layer,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert failure is None, failure
