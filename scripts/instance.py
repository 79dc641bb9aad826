#!/usr/bin/env python3
"""Write the Zope instance configuration used by ``make start`` (and, with
``--instance`` and ``--storage``, by the instances of ``make start-cluster``).

Writes, below the instance directory (default: the project directory):

* ``etc/zope.conf``  -- the database: a FileStorage ``var/filestorage/Data.fs``
  with blobs in ``var/blobstorage`` (``--storage file``), a ZEO client
  (``--storage zeo --zeo ADDRESS --blob-dir DIR``: blobs shared with the
  server) or RelStorage on PostgreSQL (``--storage postgres --dsn DSN``);
  instancehome = the instance directory (Zope reads its
  ``etc/site.zcml``), clienthome = ``var/``, debug-mode off,
  ``max-conflict-retries`` 6 (``--conflict-retries``; why: see the comment
  in the file).
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

# ZODB conflicts. A request whose transaction conflicts with another one
# (two editors saving one page at once, through one instance or two) is run
# again from its start, up to max-conflict-retries times (Zope's default is
# 3). Before retry n ZPublisher sleeps a random 0 to 2**(n-1) s
# (HTTPRequest.delay_retry), all the while holding a worker thread and a
# database connection, so the total wait doubles with each retry allowed:
# 3 retries wait at most 7 s, {retries} at most {retry_wait} s (half that on
# average, and only for a request that conflicted {retries} times in a row),
# which is about as long as a client or a reverse proxy waits for an answer
# (nginx: 60 s). A busy page sees its saves conflict in bursts, so it needs
# more than 3; 10 would wait up to 17 minutes, long after the client gave
# up (and then still commit). Concurrent changes of one item's locks
# rarely get here: its lock table merges them (on the ZEO server, or in
# RelStorage's clients). A request still conflicting after the last retry fails as a
# transient error, and the client may send it again.
max-conflict-retries {retries}

<environment>
  CHAMELEON_CACHE $CLIENT/cache
  zope_i18n_compile_mo_files true
</environment>

{database}
"""

FILE_DATABASE = """\
<zodb_db main>
  cache-size 30000
  <blobstorage>
    blob-dir $CLIENT/blobstorage
    <filestorage>
      path $CLIENT/filestorage/Data.fs
    </filestorage>
  </blobstorage>
  mount-point /
</zodb_db>"""

ZEO_DATABASE = """\
%import ZEO
<zodb_db main>
  cache-size 30000
  <clientstorage>
    server {zeo}
    storage 1
    name zeostorage
    blob-dir {blob_dir}
    shared-blob-dir on
    cache-size 64MB
    server-sync on
  </clientstorage>
  mount-point /
</zodb_db>"""

POSTGRES_DATABASE = """\
%import relstorage
<zodb_db main>
  cache-size 30000
  <relstorage>
    keep-history false
    blob-dir $CLIENT/blobcache
    shared-blob-dir false
    blob-cache-size 256mb
    <postgresql>
      dsn {dsn}
    </postgresql>
  </relstorage>
  mount-point /
</zodb_db>"""

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
        "--conflict-retries",
        type=int,
        default=int(os.environ.get("CONFLICT_RETRIES", "6")),
        help="Zope's max-conflict-retries (default: %(default)s)",
    )
    parser.add_argument(
        "--instance", type=Path, default=project, help="instance home (default: %(default)s)"
    )
    parser.add_argument("--storage", choices=("file", "zeo", "postgres"), default="file")
    parser.add_argument("--zeo", help="ZEO server address, HOST:PORT (--storage zeo)")
    parser.add_argument("--blob-dir", type=Path, help="the ZEO server's blob directory")
    parser.add_argument("--dsn", help="PostgreSQL connection string (--storage postgres)")
    args = parser.parse_args(argv)
    if args.storage == "zeo" and not (args.zeo and args.blob_dir):
        parser.error("--storage zeo needs --zeo and --blob-dir")
    if args.storage == "postgres" and not args.dsn:
        parser.error("--storage postgres needs --dsn")

    instance = args.instance.resolve()
    etc = instance / "etc"
    var = instance / "var"
    log = var / "log"
    for directory in (etc, etc / "package-includes", var / "filestorage", log, var / "cache"):
        directory.mkdir(parents=True, exist_ok=True)
    # ZODB wants the blob directory private.
    (var / "blobstorage").mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(var / "blobstorage", 0o700)

    database = {
        "file": FILE_DATABASE,
        "zeo": ZEO_DATABASE.format(zeo=args.zeo, blob_dir=args.blob_dir),
        "postgres": POSTGRES_DATABASE.format(dsn=args.dsn),
    }[args.storage]
    write(
        etc / "zope.conf",
        ZOPE_CONF.format(
            instance=instance,
            client=var,
            debug_mode=args.debug_mode,
            retries=args.conflict_retries,
            retry_wait=2**args.conflict_retries - 1,
            database=database,
        ),
    )
    write(
        etc / "zope.ini",
        ZOPE_INI.format(host=args.host, port=args.port, threads=args.threads, log=log),
    )
    write(etc / "site.zcml", SITE_ZCML)
    return 0


if __name__ == "__main__":
    sys.exit(main())
