plone.locking's ``ILockable`` is registered in the site's own component
registry by the install profile and removed by the uninstall profile: other
sites in the same Zope, and sites that never installed the add-on, run
plone.locking's ``TTWLockable`` untouched. Its ``locked()`` answers for the
request that asks: a content ``PATCH`` is told whether a lock holds against
what it writes, opened by its tokens, as often as plone.restapi,
plone.shortname and the serializer ask (before, the add-on answered "no" to
a counted number of plone.restapi's questions). A ``make start`` on a
``var/`` whose site lacks the registration says to run ``make clean``.
