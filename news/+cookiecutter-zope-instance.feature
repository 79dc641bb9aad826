``make start`` (``make instance``), ``make start-cluster``, the benchmarks and
the end-to-end tests write their Zope configuration (``etc/zope.conf``,
``etc/zope.ini``, ``etc/site.zcml``) with cookiecutter-zope-instance 3.1, the
template of Plone's Docker images and cookieplone, instead of a hand-written
copy: the configuration you try here is the one you deploy. The template is
vendored unchanged in ``scripts/zope-instance/`` (CI cannot reach GitHub) and
rendered by ``scripts/instance.py`` with cookiecutter, pinned in
``constraints.txt`` and installed by ``make install``; its options and
environment variables, and the files and directories it makes, are as
before. What the template cannot say is added after rendering: the ZEO
instances' ``server-sync on`` (ZEO's ``<clientstorage>`` in place of the
template's ``<zeoclient>``, see ``docs/cluster.md``) and the access log's
name, ``var/log/access.log``. Access log lines now also go to the console
and to ``var/log/event.log``, as in Plone's images.
