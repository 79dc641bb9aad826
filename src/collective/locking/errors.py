"""Why the lock model refuses a request. The REST layer maps each to a status.

Every refusal carries its message as a ``collective.locking`` Message (or a
list of them, told one after the other), translated where it is shown:
``translated(message, request)``. ``str(error)`` is the English text, its
values filled in (logs, classic pages).
"""

from zope.i18n import translate

import zExceptions


DOMAIN = "collective.locking"


def translated(message, request=None):
    """A message (a Message, text, or a list of them, told one after the
    other) in the request's language; in English without a request."""
    if isinstance(message, (list, tuple)):
        return " ".join(translated(part, request) for part in message)
    if request is None:
        return translate(message)
    return translate(message, domain=DOMAIN, context=request)


def message_of(error):
    """The message an error was raised with (its text without one)."""
    args = getattr(error, "args", ())
    if len(args) == 1 and isinstance(args[0], (str, list, tuple)):
        return args[0]
    return str(error)


class Translatable:
    """``str()`` is the English text of the message, values filled in."""

    def __str__(self):
        args = self.args
        if len(args) == 1 and isinstance(args[0], (str, list, tuple)):
            return translated(args[0])
        return super().__str__()


class LockError(Translatable, Exception):
    """Base of the model's refusals."""


class InvalidLockRequest(LockError, ValueError):
    """Bad input: an unknown fragment, a timeout out of range, ..."""


class NotLockable(InvalidLockRequest):
    """The item cannot carry locks (it cannot be annotated)."""


class LockConflict(LockError):
    """Other locks are in the way. ``locks`` are the conflicting ones."""

    def __init__(self, message, locks):
        super().__init__(message)
        self.locks = list(locks)


class LockGone(LockError):
    """A token that does not open a live lock. ``reason`` is one of
    interfaces.RELEASED, FORCED, EXPIRED, ENDED or UNKNOWN."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


class LockNotHeld(LockError):
    """The current user holds no lock that the request could act on."""


class LockNotBreakable(LockError):
    """The current user may not release this lock."""

    def __init__(self, message, lock):
        super().__init__(message)
        self.lock = lock


class Forbidden(Translatable, zExceptions.Forbidden):
    """A write or a removal that locks forbid, refused under the entry points
    (the write guard, the removal check): nothing of the request is committed.

    Named as Zope's own on purpose: Zope and plone.rest find an exception's
    HTTP status by its class name (403). ``locks`` are the locks in the way,
    ``fields`` the fields of the item they cover.
    """

    def __init__(self, message, locks=(), fields=()):
        super().__init__(message)
        self.locks = list(locks)
        self.fields = list(fields)


class BadRequest(Translatable, zExceptions.BadRequest):
    """A request refused before anything reads it (a JSON body nested too
    deeply to parse). Named as Zope's own, for its status (400)."""


class MethodNotAllowed(Translatable, zExceptions.MethodNotAllowed):
    """A method a lock URI does not answer. Named as Zope's own (405)."""


#: What a site whose stored data only a development version wrote is told
#: (the package starts at 1.0.0a1 with no upgrade steps: nothing to migrate).
DEVELOPMENT_DATABASE = (
    "collective.locking: this database was made by a development version; "
    "run `make clean` (or rebuild the site) to start afresh."
)


class DevelopmentDatabase(RuntimeError):
    """Stored data of a shape that only development versions wrote."""

    def __init__(self, message=DEVELOPMENT_DATABASE):
        super().__init__(message)
