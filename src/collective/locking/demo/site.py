"""The demo site itself: the Zope admin, the Plone site and its profiles,
the classic UI's theme."""

from collective.locking.errors import DevelopmentDatabase
from plone.base.utils import get_installer
from zope.component.hooks import setSite

import logging


logger = logging.getLogger("collective.locking.demo")

ADDON = "collective.locking"
SITE_TITLE = "collective.locking demo"
#: The profiles of the demo site, as Plone's Volto distribution has them
#: (``plone.volto:initial``), plus the add-on.
BASE_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.restapi:default",
    "plone.volto:default",
)
#: The classic UI's theme, as in production (Site Setup, edit forms, the
#: add-on's control panel): without it a plone.volto site's classic UI is
#: Plone's bare "backend" look.
THEME_PROFILE = "plonetheme.barceloneta:default"
ADDON_PROFILE = f"{ADDON}:default"


def extension_ids(with_addon=True):
    """The profiles a new demo site is made with."""
    ids = [*BASE_PROFILES, THEME_PROFILE]
    if with_addon:
        ids.append(ADDON_PROFILE)
    return ids


def _log(log, message):
    (log or logger.info)(message)


def ensure_zope_admin(app, login, password, log=None):
    """Add or reset ``login`` (Manager, ``password``) in the Zope root's
    user folder; returns the user.

    With Plone installed the root user folder is a PluggableAuthService
    (users in its ZODBUserManager ``users``, roles in ``roles``); a plain
    Zope user folder is handled too.
    """
    acl_users = app.acl_users
    users = getattr(acl_users.aq_base, "users", None)
    roles = getattr(acl_users.aq_base, "roles", None)
    if users is not None and roles is not None:  # PluggableAuthService
        users = acl_users.users
        if login in users.listUserIds():
            users.updateUserPassword(login, password)
            _log(log, f"Zope admin user {login!r} exists: password reset")
        else:
            users.addUser(login, login, password)
            _log(log, f"added Zope admin user {login!r}")
        acl_users.roles.assignRoleToPrincipal("Manager", login)
    elif acl_users.getUser(login) is None:  # plain Zope user folder
        acl_users._doAddUser(login, password, ["Manager"], [])
        _log(log, f"added Zope admin user {login!r}")
    else:
        user = acl_users.getUser(login)
        user_roles = sorted((set(user.getRoles()) | {"Manager"}) - {"Authenticated"})
        acl_users._doChangeUser(login, password, user_roles, user.getDomains())
        _log(log, f"Zope admin user {login!r} exists: password reset")
    admin = acl_users.getUser(login)
    if admin is None or "Manager" not in admin.getRoles():
        raise RuntimeError(f"could not make {login!r} a Manager")
    return admin


def ensure_site(app, site_id, title=SITE_TITLE, with_addon=True, log=None):
    """The Plone site ``site_id`` of ``app``, made with ``extension_ids()``
    if it is missing; an existing one gets the add-on and the theme if it
    lacks them. Leaves it as the current site."""
    site = app.get(site_id)
    if site is None:
        from Products.CMFPlone.factory import addPloneSite

        profiles = extension_ids(with_addon)
        _log(log, f"creating Plone site {site_id!r} with {', '.join(profiles)}")
        site = addPloneSite(
            app,
            site_id,
            title=title,
            default_language="en",
            extension_ids=profiles,
        )
        setSite(site)
        ensure_theme(site, log)
        return site
    _log(log, f"Plone site {site_id!r} exists: reusing it")
    setSite(site)
    if with_addon:
        installer = get_installer(site, app.REQUEST)
        if installer.is_product_installed(ADDON):
            if not lockable_registered(site):
                raise DevelopmentDatabase()  # installed before the profile registered it
            _log(log, f"{ADDON} is installed")
        else:
            _log(log, f"installing {ADDON}")
            if not installer.install_product(ADDON):
                raise RuntimeError(f"could not install {ADDON}")
    ensure_theme(site, log)
    return site


def lockable_registered(site):
    """Whether the site's own registry has the add-on's ``ILockable``."""
    from collective.locking.lockable import Lockable

    return any(
        registration.factory is Lockable
        for registration in site.getSiteManager().registeredAdapters()
    )


#: plone.app.theming serves no theme to these hosts; Plone's default is
#: ``127.0.0.1``, the address ``make start`` prints.
BLACKLIST = "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"


def ensure_theme(site, log=None):
    """Barceloneta for the classic UI, as Plone's Volto distribution has it,
    unless its profile was applied already and a theme is active; and the
    theme served on ``http://127.0.0.1:8080``, the address ``make start``
    prints (Plone leaves 127.0.0.1 unthemed, for getting at an unthemed
    site; the demo is served there)."""
    from plone.app.theming.utils import getCurrentTheme
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    setup = site.portal_setup
    applied = setup.getLastVersionForProfile(THEME_PROFILE) != "unknown"
    if applied and getCurrentTheme():
        _log(log, f"theme {getCurrentTheme()!r} is active")
    else:
        _log(log, f"applying {THEME_PROFILE} (Barceloneta for the classic UI)")
        setup.runAllImportStepsFromProfile(f"profile-{THEME_PROFILE}")
    registry = getUtility(IRegistry, context=site)
    hosts = list(registry.get(BLACKLIST) or ())
    if "127.0.0.1" in hosts:
        registry[BLACKLIST] = [host for host in hosts if host != "127.0.0.1"]
        _log(log, "the theme is served on 127.0.0.1 too")
    hide_volto_warning(site, log)


#: plone.volto's banner on every classic page ("You have accessed the Plone
#: backend through its Classic UI frontend ... install Volto"): the demo
#: has no Volto frontend to send anyone to, and its classic UI is the one to
#: try the add-on's forms and control panel in.
VOLTO_WARNING = ("plone.globalstatusmessage", "voltobackendwarning")


def hide_volto_warning(site, log=None):
    """Hide plone.volto's "Classic UI frontend" banner in the demo's skin."""
    from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
    from zope.component import getUtility

    storage = getUtility(IViewletSettingsStorage, context=site)
    manager, viewlet = VOLTO_WARNING
    skin = site.portal_skins.getDefaultSkin()
    hidden = tuple(storage.getHidden(manager, skin))
    if viewlet not in hidden:
        storage.setHidden(manager, skin, (*hidden, viewlet))
        _log(log, "hid plone.volto's banner 'You have accessed the Plone backend ...'")
