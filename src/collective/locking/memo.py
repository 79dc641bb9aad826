"""Answers remembered for the length of one request (what a request asks
many times over: a creator's name, whether the add-on is installed)."""

from collective.locking import scope


def per_request(function):
    """Remember ``function(*args)`` in the current request's scope (no
    request: no memo)."""

    def remembered(*args):
        request_scope = scope.of()
        if request_scope is None:
            return function(*args)
        key = (function.__qualname__, *args)
        memo = request_scope.memo
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    remembered.__wrapped__ = function
    remembered.__doc__ = function.__doc__
    return remembered
