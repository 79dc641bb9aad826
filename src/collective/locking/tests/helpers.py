"""Small helpers shared by the tests."""

import re
import transaction


def fresh(obj):
    """``obj`` as committed: a new transaction sees other requests' writes."""
    transaction.begin()
    return obj


def form_fields(html):
    """The named inputs of a classic form page, with their values (enough to
    submit it again as a browser would)."""
    fields = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name or re.search(r'type="(?:submit|button|file)"', tag):
            continue
        if re.search(r'type="(?:checkbox|radio)"', tag) and "checked" not in tag:
            continue
        value = re.search(r'\bvalue="([^"]*)"', tag)
        fields[name.group(1)] = value.group(1) if value else ""
    return fields


def field_named(fields, suffix):
    """The one field name ending with ``suffix`` (``title``, ``remoteUrl``)."""
    (name,) = [name for name in fields if name.endswith("." + suffix)]
    return name


def viewable_by_managers_only(item, undo=False):
    """What a workflow state without the user's roles does: View and Access
    contents information for Managers only (``undo``: acquired again), with
    the catalog's security index brought up to date."""
    for permission in ("View", "Access contents information"):
        item.manage_permission(permission, [] if undo else ["Manager"], acquire=undo)
    item.reindexObjectSecurity()
