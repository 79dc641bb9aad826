"""The add-on's settings (registry records) and whether it is installed."""

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


def installed():
    """Whether the add-on is installed in the current site: where it is not,
    plone.locking's adapters act as stock plone.locking."""
    registry = queryUtility(IRegistry)
    return registry is not None and MARKER_RECORD in registry


def installed_here():
    """``installed()``, asked once per request and site."""
    return _installed_in(getSite())


@per_request
def _installed_in(site):
    return installed()


def default_timeout():
    limits = settings()
    return min(limits["default_timeout"], limits["max_timeout"])
