"""Integrators' own serializers win as they would without the add-on: the
add-on registers none (the ``lock`` key comes from plone.restapi's, through
ILockable)."""

from plone.base.interfaces.siteroot import IPloneSiteRoot
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from plone.restapi.serializer.site import SerializeSiteRootToJson
from zope.component import getGlobalSiteManager
from zope.publisher.interfaces.browser import IDefaultBrowserLayer

import pytest


class IntegratorsItem(SerializeToJson):
    def __call__(self, *args, **kwargs):
        return {**super().__call__(*args, **kwargs), "integrator": True}


class IntegratorsSite(SerializeSiteRootToJson):
    def __call__(self, *args, **kwargs):
        return {**super().__call__(*args, **kwargs), "integrator": True}


@pytest.fixture
def integrators_serializers():
    gsm = getGlobalSiteManager()
    registrations = [
        (IntegratorsItem, (IDexterityContent, IDefaultBrowserLayer)),
        (IntegratorsSite, (IPloneSiteRoot, IDefaultBrowserLayer)),
    ]
    for factory, required in registrations:
        gsm.registerAdapter(factory, required, ISerializeToJson)
    yield
    for factory, required in registrations:
        gsm.unregisterAdapter(factory, required, ISerializeToJson)


def test_integrators_serializers_win(api_session, doc, integrators_serializers):
    api_session("editor-a").post("page/@lock")
    for path in ("page", ""):
        body = api_session("editor-b").get(path).json()
        assert body["integrator"] is True
    lock = api_session("editor-b").get("page").json()["lock"]
    assert lock["locked"] is True and lock["token"] is None
