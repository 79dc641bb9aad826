"""Locks told in words people read: who holds what, until when, in the
site's time zone and the reader's language."""

from collective.locking import _
from collective.locking import clock
from collective.locking.services.info import name_of
from datetime import datetime
from plone.autoform.interfaces import OMITTED_KEY
from plone.dexterity.utils import iterSchemata
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema import getFieldsInOrder

import zoneinfo


def site_zone():
    registry = queryUtility(IRegistry)
    name = registry.get("plone.portal_timezone") if registry is not None else None
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def until(expires, request, now=None):
    """ "until 14:32, in 10 minutes" (a date before the time when it is not
    today), in the site's time zone."""
    now = clock.now() if now is None else now
    zone = site_zone()
    moment = datetime.fromtimestamp(expires, zone)
    today = datetime.fromtimestamp(now, zone).date()
    when = moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%Y-%m-%d %H:%M")
    minutes = max(1, round((expires - now) / 60))
    if minutes < 120:
        left = _("in ${minutes} minutes", mapping={"minutes": minutes})
    elif minutes < 48 * 60:
        left = _("in ${hours} hours", mapping={"hours": round(minutes / 60)})
    else:
        left = _("in ${days} days", mapping={"days": round(minutes / 1440)})
    message = _("until ${time}, ${left}", mapping={"time": when, "left": tr(left, request)})
    return tr(message, request)


def moment(when):
    """A point in time as people read it, in the site's time zone."""
    return datetime.fromtimestamp(when, site_zone()).strftime("%Y-%m-%d %H:%M")


def tr(message, request):
    return translate(message, context=request)


def holder_name(lock):
    return name_of(lock.creator, lock.creator_name) or lock.creator or ""


def form_fields(context):
    """Field name -> title, for the fields the item's edit form shows (its
    schema and behaviors, without the fields the form omits)."""
    found = {}
    for schema in iterSchemata(context):
        omitted = {
            name
            for _iface, name, value in schema.queryTaggedValue(OMITTED_KEY, ())
            if value not in (False, "false")
        }
        for name, field in getFieldsInOrder(schema):
            if name not in omitted and not field.readonly:
                found.setdefault(name, field.title or name)
    return found


def fragment_titles(context, fragments, request):
    """The titles of ``fragments`` as the edit form shows them; fragments
    the form has no field for (Volto's blocks) told as one phrase."""
    titles = form_fields(context)
    shown, blocks = [], 0
    for name in fragments:
        if name in titles:
            shown.append(tr(titles[name], request))
        elif name.startswith("blocks"):
            blocks += 1
    if blocks:
        shown.append(tr(_("${count} block(s) of the page", mapping={"count": blocks}), request))
    return shown
