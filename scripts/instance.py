#!/usr/bin/env python3
"""Write the Zope instance configuration used by ``make start``.

Writes, below the project directory:

* ``etc/zope.conf``  -- ZODB FileStorage ``var/filestorage/Data.fs`` with
  blobs in ``var/blobstorage``, instancehome = the project directory (Zope
  reads ``$INSTANCE/etc/site.zcml``), clienthome = ``var/``, debug-mode off.
* ``etc/zope.ini``   -- PasteDeploy file for ``runwsgi``: waitress on
  HOST:PORT, ``egg:Zope#main``, logging to stderr plus ``var/log/event.log``
  (access log in ``var/log/access.log``).
* ``etc/site.zcml``  -- what a Zope instance loads: Products.* (Plone) and,
  through Plone, the add-ons that ``plone.autoinclude`` finds
  (``z3c.autoinclude.plugin`` entry points with target ``plone``).

Stands in for cookiecutter-zope-instance, which cannot be fetched here.
Settings come from the command line or the environment (HOST, PORT).
A file is only rewritten when its content changes.  Standard library only.
"""

from pathlib import Path

import argparse
import os
import sys


ZOPE_CONF = """\
# Written by scripts/instance.py (make instance): edits are overwritten.
%define INSTANCE {instance}
%define CLIENT {client}

instancehome $INSTANCE
clienthome $CLIENT

debug-mode {debug_mode}
debug-exceptions off
security-policy-implementation C
verbose-security off
default-zpublisher-encoding utf-8
enable-xmlrpc off

<environment>
  CHAMELEON_CACHE $CLIENT/cache
  zope_i18n_compile_mo_files true
</environment>

<zodb_db main>
  cache-size 30000
  <blobstorage>
    blob-dir $CLIENT/blobstorage
    <filestorage>
      path $CLIENT/filestorage/Data.fs
    </filestorage>
  </blobstorage>
  mount-point /
</zodb_db>
"""

ZOPE_INI = """\
# Written by scripts/instance.py (make instance): edits are overwritten.
# Serve with:  .venv/bin/runwsgi etc/zope.ini

[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
use = egg:waitress#main
host = {host}
port = {port}
threads = {threads}

[filter:translogger]
use = egg:Paste#translogger
setup_console_handler = False

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    translogger
    zope

[loggers]
keys = root, plone, waitress.queue, waitress, wsgi

[handlers]
keys = console, accesslog, eventlog

[formatters]
keys = generic, message

[formatter_generic]
format = %(asctime)s %(levelname)-7.7s [%(name)s:%(lineno)s][%(threadName)s] %(message)s
datefmt = %Y-%m-%d %H:%M:%S

[formatter_message]
format = %(message)s

[logger_root]
level = INFO
handlers = console, eventlog

[logger_plone]
level = INFO
handlers = console, eventlog
qualname = plone
propagate = 0

[logger_waitress.queue]
level = INFO
handlers = eventlog
qualname = waitress.queue
propagate = 0

[logger_waitress]
level = INFO
handlers = console, eventlog
qualname = waitress
propagate = 0

[logger_wsgi]
level = INFO
handlers = accesslog
qualname = wsgi
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[handler_accesslog]
class = FileHandler
args = (r'{log}/access.log', 'a')
level = INFO
formatter = message

[handler_eventlog]
class = FileHandler
args = (r'{log}/event.log', 'a')
level = NOTSET
formatter = generic
"""

SITE_ZCML = """\
<!-- Written by scripts/instance.py (make instance): edits are overwritten. -->
<configure
    xmlns="http://namespaces.zope.org/zope"
    xmlns:five="http://namespaces.zope.org/five"
    xmlns:meta="http://namespaces.zope.org/meta"
    >

  <include package="Products.Five" />
  <meta:redefinePermission
      from="zope2.Public"
      to="zope.Public"
      />

  <!-- Load the meta -->
  <include files="package-includes/*-meta.zcml" />
  <five:loadProducts file="meta.zcml" />

  <!-- Load the configuration (Products.CMFPlone includes the add-ons
       found by plone.autoinclude, collective.locking among them) -->
  <include files="package-includes/*-configure.zcml" />
  <five:loadProducts />

  <!-- Load the configuration overrides -->
  <includeOverrides files="package-includes/*-overrides.zcml" />
  <five:loadProductsOverrides />

  <securityPolicy component="AccessControl.security.SecurityPolicy" />

</configure>
"""


def write(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        print(f"unchanged {path}")
        return
    path.write_text(text, encoding="utf-8")
    print(f"wrote     {path}")


def main(argv=None) -> int:
    project = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))
    parser.add_argument(
        "--debug-mode",
        choices=("on", "off"),
        default=os.environ.get("DEBUG_MODE", "off"),
    )
    parser.add_argument(
        "--instance", type=Path, default=project, help="instance home (default: %(default)s)"
    )
    args = parser.parse_args(argv)

    instance = args.instance.resolve()
    etc = instance / "etc"
    var = instance / "var"
    log = var / "log"
    for directory in (etc, etc / "package-includes", var / "filestorage", log, var / "cache"):
        directory.mkdir(parents=True, exist_ok=True)
    # ZODB wants the blob directory private.
    (var / "blobstorage").mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(var / "blobstorage", 0o700)

    write(
        etc / "zope.conf",
        ZOPE_CONF.format(instance=instance, client=var, debug_mode=args.debug_mode),
    )
    write(
        etc / "zope.ini",
        ZOPE_INI.format(host=args.host, port=args.port, threads=args.threads, log=log),
    )
    write(etc / "site.zcml", SITE_ZCML)
    return 0


if __name__ == "__main__":
    sys.exit(main())
