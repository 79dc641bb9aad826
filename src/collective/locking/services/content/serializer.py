"""The ``lock`` key of serialized content, without tokens for non-owners.

Volto locks an item when it opens the edit form and the key is present, and
reads its token from there, so the key stays, in plone.restapi's shape.
"""

from collective.locking.interfaces import ICollectiveLockingLayer
from collective.locking.services.info import lock_info
from plone.base.interfaces.siteroot import IPloneSiteRoot
from plone.dexterity.interfaces import IDexterityContainer
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer import dxcontent
from plone.restapi.serializer import site
from zope.component import adapter
from zope.interface import implementer


class LockKey:
    def __call__(self, *args, **kwargs):
        result = super().__call__(*args, **kwargs)
        if "lock" in result:
            result["lock"] = lock_info(self.context)
        return result


@implementer(ISerializeToJson)
@adapter(IDexterityContent, ICollectiveLockingLayer)
class SerializeToJson(LockKey, dxcontent.SerializeToJson):
    pass


@implementer(ISerializeToJson)
@adapter(IDexterityContainer, ICollectiveLockingLayer)
class SerializeFolderToJson(LockKey, dxcontent.SerializeFolderToJson):
    pass


@implementer(ISerializeToJson)
@adapter(IPloneSiteRoot, ICollectiveLockingLayer)
class SerializeSiteRootToJson(LockKey, site.SerializeSiteRootToJson):
    pass
