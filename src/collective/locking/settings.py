"""The add-on's settings (registry records) and whether it is installed."""

from collective.locking import _
from collective.locking.errors import InvalidLockRequest
from collective.locking.interfaces import ILockSettings
from collective.locking.memo import per_request
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.component.hooks import getSite


PREFIX = "collective.locking"

#: A record that every installed version has: its presence means installed.
MARKER_RECORD = f"{PREFIX}.max_timeout"


def settings():
    """The registry settings, or their defaults where the add-on's records
    are missing (the add-on is not installed in this site)."""
    registry = queryUtility(IRegistry)
    records = getattr(registry, "records", None)
    values = {}
    for name, field in ILockSettings.namesAndDescriptions():
        record = records.get(f"{PREFIX}.{name}") if records is not None else None
        value = record.value if record is not None else None
        values[name] = field.default if value is None else value
    return values


def whole_number(value):
    """Volto's number widget sends what its input holds, a string: digits
    are the number they spell (as plone.restapi's deserializer reads them);
    anything else is left for the check to refuse."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def checked_settings(data, current):
    """``data`` (new values by name, as a client sent them) checked against
    the schema and against ``current`` (the values stored now): every name
    known, every value a whole number in its field's range (``true`` is not
    a number; the digits of Volto's number widget, ``"3600"``, are), the
    default timeout within the maximum. Returns the values to
    store; raises ``InvalidLockRequest`` with the list of every problem (one
    message each, told one after the other), so that a refused change stores
    nothing."""
    if not isinstance(data, dict):
        raise InvalidLockRequest(_("The settings must be a JSON object."))
    fields = dict(ILockSettings.namesAndDescriptions())
    problems = [
        _("Unknown setting: ${name}.", mapping={"name": name})
        for name in sorted(set(data) - set(fields))
    ]
    data = {name: whole_number(value) for name, value in data.items()}
    for name, value in sorted(data.items()):
        field = fields.get(name)
        if field is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(_("${name} must be a whole number.", mapping={"name": name}))
        elif not field.min <= value <= field.max:
            problems.append(
                _(
                    "${name} must be between ${low} and ${high}.",
                    mapping={"name": name, "low": field.min, "high": field.max},
                )
            )
    if not problems:
        merged = {**current, **data}
        if merged["default_timeout"] > merged["max_timeout"]:
            problems.append(_("default_timeout must not be longer than max_timeout."))
    if problems:
        raise InvalidLockRequest(problems)
    return data


def installed_in(site):
    """Whether the add-on is installed in ``site``, as its registry says.
    Requests to such a site have the add-on's browser layer, and its
    component registry answers plone.locking's ``ILockable``: the event
    subscribers (the write guard, the refusal of removals) and the checks
    made before the site's layer is set ask here."""
    registry = getattr(site, "portal_registry", None)
    return registry is not None and MARKER_RECORD in registry


def installed_here():
    """``installed_in`` the current site, asked once per request and site."""
    return _installed_in_remembered(getSite())


_installed_in_remembered = per_request(installed_in)


def default_timeout():
    limits = settings()
    return min(limits["default_timeout"], limits["max_timeout"])
