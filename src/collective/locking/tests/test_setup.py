"""Install and uninstall."""

from collective.locking.interfaces import ICollectiveLockingLayer
from plone import api
from zope.schema.interfaces import TooBig

import pytest


class TestInstall:
    def test_product_installed(self, installer, package_name):
        assert installer.is_product_installed(package_name) is True

    def test_browserlayer(self, browser_layers):
        assert ICollectiveLockingLayer in browser_layers

    def test_profile_version(self, setup_tool, package_name):
        assert setup_tool.getLastVersionForProfile(f"{package_name}:default") == ("1000",)

    def test_registry_records(self, portal):
        assert api.portal.get_registry_record("collective.locking.max_timeout") == 86400
        assert api.portal.get_registry_record("collective.locking.default_timeout") == 600

    def test_break_locks_permission_roles(self, portal):
        roles = {
            r["name"]
            for r in portal.rolesOfPermission("collective.locking: Break locks")
            if r["selected"]
        }
        assert roles == {"Manager", "Site Administrator"}


class TestUninstall:
    def test_product_uninstalled(self, uninstalled, installer, package_name):
        assert installer.is_product_installed(package_name) is False

    def test_browserlayer_removed(self, uninstalled, browser_layers):
        assert ICollectiveLockingLayer not in browser_layers

    def test_registry_records_removed(self, uninstalled, portal):
        registry = api.portal.get_tool("portal_registry")
        assert "collective.locking.max_timeout" not in registry


def test_max_timeout_cannot_exceed_zope_locks(portal):
    with pytest.raises(TooBig):
        api.portal.set_registry_record("collective.locking.max_timeout", 2**32)
