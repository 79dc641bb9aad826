"""The query string of a site-wide request (``@locks``, the control
panel): its filters, sorting and batching, checked before anything is
listed or released."""

from collective.locking import _
from collective.locking.errors import InvalidLockRequest
from collective.locking.interfaces import FRAGMENT
from collective.locking.interfaces import RESOURCE
from datetime import datetime
from datetime import timezone


FILTERS = ("creator", "kind", "fragment", "stealable", "expires_before")
SORTS = ("created", "expires")
BATCHING = ("b_start", "b_size")

#: The query parameters each request knows: any other is refused, so that a
#: misspelt filter never widens a listing or a release.
LISTING_PARAMETERS = (*FILTERS, "sort_on", "sort_order", *BATCHING)
RELEASE_PARAMETERS = (*FILTERS, "dry_run")
HISTORY_PARAMETERS = ("how", *BATCHING)


def check_parameters(form, known):
    """Every parameter of ``form`` is one of ``known``, given once, with a
    value: else ``InvalidLockRequest`` naming the ones that are not."""
    unknown = sorted(name for name in form if name not in known)
    if unknown:
        raise InvalidLockRequest(
            _(
                "Unknown parameter(s): ${names} (known: ${known}). Nothing was done.",
                mapping={"names": ", ".join(unknown), "known": ", ".join(known)},
            )
        )
    for name in known:
        value = form.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidLockRequest(
                _("${name} must be given once, as text.", mapping={"name": name})
            )
        if not value.strip():
            raise InvalidLockRequest(
                _(
                    "${name} is empty: give it a value, or leave it out. Nothing was done.",
                    mapping={"name": name},
                )
            )


def parse_date(value):
    """An ISO 8601 date or time, as seconds since the epoch (UTC if no zone)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise InvalidLockRequest(
            _("Not an ISO 8601 date: ${value}.", mapping={"value": repr(value)})
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def parse_filters(form):
    """The filters of a query string or form (checked by
    ``check_parameters`` first), as the index takes them."""
    filters = {name: form[name] for name in FILTERS if form.get(name) is not None}
    if filters.get("kind") not in (None, RESOURCE, FRAGMENT):
        raise InvalidLockRequest(_("kind must be 'resource' or 'fragment'."))
    if "stealable" in filters:
        filters["stealable"] = parse_bool("stealable", filters["stealable"])
    if "expires_before" in filters:
        filters["expires_before"] = parse_date(filters["expires_before"])
    return filters


def parse_bool(name, value):
    if value not in ("true", "false"):
        raise InvalidLockRequest(_("${name} must be 'true' or 'false'.", mapping={"name": name}))
    return value == "true"


def parse_sort(form):
    sort_on = form.get("sort_on")
    if sort_on is not None and sort_on not in SORTS:
        raise InvalidLockRequest(_("sort_on must be 'created' or 'expires'."))
    order = form.get("sort_order", "ascending")
    if order not in ("ascending", "descending", "reverse"):
        raise InvalidLockRequest(_("sort_order must be 'ascending' or 'descending'."))
    return sort_on, order != "ascending"
