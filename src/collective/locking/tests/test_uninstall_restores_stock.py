"""Without the add-on, @lock is plone.restapi's own again."""

from plone.base.utils import get_installer

import transaction


def test_uninstall_gives_back_stock_lock(api_session, doc, functional_portal):
    editor = api_session("editor-a")
    assert "expires" in editor.post("page/@lock").json()  # ours
    editor.delete("page/@lock")

    get_installer(functional_portal).uninstall_product("collective.locking")
    transaction.commit()

    info = editor.post("page/@lock").json()
    assert "expires" not in info  # stock keys only
    # The stock defect is back: anonymous users see the token again.
    assert api_session().get("page/@lock").json()["token"] == info["token"]
    assert api_session().post("page/@lock", json={"timeout": "abc"}).status_code in (401, 500)


def test_reinstall_brings_it_back(api_session, doc, functional_portal):
    installer = get_installer(functional_portal)
    installer.uninstall_product("collective.locking")
    installer.install_product("collective.locking")
    transaction.commit()
    token = api_session("editor-a").post("page/@lock").json()["token"]
    assert "token" not in api_session().get("page/@lock").json()
    assert token
