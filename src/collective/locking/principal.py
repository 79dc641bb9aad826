"""The current user, as the lock model sees them."""

from AccessControl import getSecurityManager


def current_user_id():
    return getSecurityManager().getUser().getId()


def current_user_name():
    """The current user's full name (empty where it has none)."""
    user = getSecurityManager().getUser()
    get_property = getattr(user, "getProperty", None)
    name = get_property("fullname", "") if get_property is not None else ""
    return name if isinstance(name, str) else ""


def may(permission, context):
    return bool(getSecurityManager().checkPermission(permission, context))
