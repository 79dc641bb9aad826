"""Run a package's doctest file inside one of this package's layers."""

import doctest
import io
import unittest


def run_doctest(path, package, layer, optionflags, setup=None):
    """Run the doctest and return its report if it failed, else None."""
    suite = doctest.DocFileSuite(
        path,
        package=package,
        optionflags=optionflags,
        setUp=setup,
        globs={"layer": layer},
    )
    report = io.StringIO()
    result = unittest.TextTestRunner(stream=report, verbosity=2).run(suite)
    assert result.testsRun == 1
    return None if result.wasSuccessful() else report.getvalue()
