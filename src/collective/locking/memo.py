"""Answers remembered for the length of one request (what a request asks
many times over: a creator's name, whether the add-on is installed)."""

from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest


KEY = "collective.locking.memo"


def per_request(function):
    """Remember ``function(*args)`` on the current request (none: no memo)."""

    def remembered(*args):
        request = getRequest()
        annotations = IAnnotations(request, None) if request is not None else None
        if annotations is None:
            return function(*args)
        memo = annotations.setdefault(KEY, {})
        key = (function.__qualname__, *args)
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    remembered.__wrapped__ = function
    remembered.__doc__ = function.__doc__
    return remembered
