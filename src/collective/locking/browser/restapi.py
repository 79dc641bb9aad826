"""``@controlpanels/locking``: the settings in Volto's Site Setup, through
plone.restapi's control panel services, checked strictly."""

from collective.locking.errors import BadRequest
from collective.locking.errors import InvalidLockRequest
from collective.locking.errors import message_of
from collective.locking.interfaces import ICollectiveLockingLayer
from collective.locking.interfaces import ILockSettings
from collective.locking.request import BadJSON
from collective.locking.request import parse_json
from collective.locking.settings import checked_settings
from collective.locking.settings import PREFIX
from collective.locking.settings import settings
from plone.registry.interfaces import IRegistry
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.interfaces import IDeserializeFromJson
from zope.component import adapter
from zope.component import getUtility
from zope.interface import implementer
from zope.interface import Interface


class ILockSettingsPanel(Interface):
    """Marker of the locking settings' REST control panel."""


@implementer(ILockSettingsPanel)
@adapter(Interface, ICollectiveLockingLayer)
class LockSettingsPanel(RegistryConfigletPanel):
    schema = ILockSettings
    schema_prefix = PREFIX
    configlet_id = "collective-locking"
    configlet_category_id = "Products"


@implementer(IDeserializeFromJson)
@adapter(ILockSettingsPanel)
class LockSettingsDeserializer:
    """PATCH ``@controlpanels/locking``: a JSON object of known settings,
    each a whole number in range (plone.restapi's own would take ``true``
    for 1, answer 500 to a body that is not an object, and store the first
    settings of a body whose last one is refused). Nothing is stored unless
    everything is right."""

    def __init__(self, panel):
        self.panel = panel

    def __call__(self, mask_validation_errors=True):
        try:
            data = parse_json(self.panel.request.get("BODY") or b"{}")
            values = checked_settings(data, settings())
        except (BadJSON, InvalidLockRequest) as error:
            raise BadRequest(message_of(error)) from None
        proxy = getUtility(IRegistry).forInterface(ILockSettings, prefix=PREFIX)
        for name, value in values.items():
            setattr(proxy, name, value)
