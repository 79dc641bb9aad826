"""The add-on's settings, as registry records."""

from collective.locking import _
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant


#: The longest timeout a Zope (WebDAV) lock can carry, in seconds.
ZOPE_MAX_TIMEOUT = 2**32 - 1


class ILockSettings(Interface):
    """Registry records, under the prefix ``collective.locking``."""

    default_timeout = schema.Int(
        title=_("Default lock timeout"),
        description=_(
            "Seconds a lock lives without being refreshed, when the client does not "
            "ask for a timeout."
        ),
        default=600,
        min=1,
        max=ZOPE_MAX_TIMEOUT,
    )

    max_timeout = schema.Int(
        title=_("Maximum lock timeout"),
        description=_("The longest timeout, in seconds, a client may ask for."),
        default=86400,
        min=1,
        max=ZOPE_MAX_TIMEOUT,
    )

    history_size = schema.Int(
        title=_("Lock history size"),
        description=_(
            "How many forced releases (other people's locks broken) the site "
            "remembers, and how many bulk releases of one's own locks: each is kept "
            "apart, bounded to exactly this many."
        ),
        default=500,
        min=1,
        max=100000,
    )

    @invariant
    def default_within_maximum(data):
        default = getattr(data, "default_timeout", None)
        maximum = getattr(data, "max_timeout", None)
        if default is not None and maximum is not None and default > maximum:
            raise Invalid(_("The default lock timeout must not be longer than the maximum."))
