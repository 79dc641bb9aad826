"""The defects of plone.restapi's stock @lock that this package exists to fix.

Each probe returns True when the defect shows. The same probes run against a
site with the add-on (where each defect must be gone) and against the same
site with the add-on uninstalled, that is stock plone.restapi (where each
must show), so every one of these tests is known to fail on stock.
"""

from collective.locking.testing import FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.base.utils import get_installer
from plone.locking.interfaces import INonStealableLock
from zope.interface import noLongerProvides

import base64
import binascii
import requests
import transaction
import unittest


EDITORS = {"editor-one": "secret-one", "editor-two": "secret-two"}


class DefectProbes:
    """Mixin: set up a published page and two editors, probe each defect."""

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        for login, password in EDITORS.items():
            if api.user.get(username=login) is None:
                api.user.create(
                    username=login,
                    password=password,
                    email=f"{login}@example.org",
                    roles=["Editor"],
                )
        portal.portal_workflow.setChainForPortalTypes(("Document",), "simple_publication_workflow")
        page = api.content.create(container=portal, type="Document", id="page", title="Page")
        api.content.transition(obj=page, transition="publish")
        transaction.commit()
        self.url = page.absolute_url()

    def request(self, method, path, login=None, **kwargs):
        kwargs.setdefault("headers", {})["Accept"] = "application/json"
        auth = (login, EDITORS[login]) if login else None
        return requests.request(method, self.url + path, auth=auth, **kwargs)

    def anonymous_sees_token(self):
        token = self.request("POST", "/@lock", "editor-one").json()["token"]
        return token in self.request("GET", "/@lock").text or token in self.request("GET", "").text

    def second_editor_gets_token_and_writes(self):
        token = self.request("POST", "/@lock", "editor-one").json()["token"]
        taken = self.request("POST", "/@lock", "editor-two").json().get("token")
        written = self.request(
            "PATCH",
            "",
            "editor-two",
            headers={"Lock-Token": taken or ""},
            json={"title": "Overwritten"},
        )
        return taken == token or written.status_code == 204

    def timeout_abc_is_500(self):
        return (
            self.request("POST", "/@lock", "editor-one", json={"timeout": "abc"}).status_code == 500
        )

    def negative_timeout_accepted(self):
        response = self.request("POST", "/@lock", "editor-one", json={"timeout": -5})
        return response.status_code == 200

    def non_stealable_gone_after_two_forced_deletes(self):
        self.request("POST", "/@lock", "editor-one", json={"stealable": False})
        for _attempt in range(2):
            self.request("DELETE", "/@lock", "editor-two", json={"force": True})
        return not self.request("GET", "/@lock").json()["locked"]

    def token_is_not_256_random_bits(self):
        token = self.request("POST", "/@lock", "editor-one").json()["token"]
        random_part = token.split(".")[0]  # the add-on's: then the item's mark
        try:
            raw = base64.b64decode(random_part + "=", altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            return True  # Zope's "0.123-0.456-00105A989226:1795370132.071"
        return len(raw) < 32

    PROBES = [
        "anonymous_sees_token",
        "second_editor_gets_token_and_writes",
        "timeout_abc_is_500",
        "negative_timeout_accepted",
        "non_stealable_gone_after_two_forced_deletes",
        "token_is_not_256_random_bits",
    ]

    def assert_probes(self, defects_show):
        """Each probe on a page without locks; ``release_page`` unlocks it."""
        for probe in self.PROBES:
            with self.subTest(probe):
                self.release_page()
                self.assertEqual(getattr(self, probe)(), defects_show, probe)


class TestDefectsGoneWithAddon(DefectProbes, unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def test_defects_gone(self):
        self.assert_probes(defects_show=False)

    def release_page(self):
        self.request("DELETE", "/@lock", "editor-one")
        self.request("DELETE", "/@lock", "editor-two")


class TestDefectsShowOnStock(DefectProbes, unittest.TestCase):
    layer = FUNCTIONAL_TESTING

    def setUp(self):
        get_installer(self.layer["portal"]).uninstall_product("collective.locking")
        super().setUp()

    def test_defects_show(self):
        self.assert_probes(defects_show=True)

    def release_page(self):
        # Stock DELETE only releases stealable locks of one's own.
        transaction.begin()
        page = self.layer["portal"]["page"]
        page.wl_clearLocks()
        noLongerProvides(page, INonStealableLock)
        transaction.commit()
