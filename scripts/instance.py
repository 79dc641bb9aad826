#!/usr/bin/env python3
"""Write the Zope instance configuration used by ``make start`` (and, with
``--instance`` and ``--storage``, by the instances of ``make start-cluster``).

Renders cookiecutter-zope-instance, the template Plone's Docker images and
cookieplone use, vendored unchanged in ``scripts/zope-instance/`` (see its
README.txt), with cookiecutter's Python API.  Run it with the project's
Python (``.venv/bin/python``, after ``make install``): it needs cookiecutter.

Writes, below the instance directory (default: the project directory):

* ``etc/zope.conf``  -- the database: a FileStorage ``var/filestorage/Data.fs``
  with blobs in ``var/blobstorage`` (``--storage file``), a ZEO client
  (``--storage zeo --zeo ADDRESS --blob-dir DIR``: blobs shared with the
  server, ``server-sync on``) or RelStorage on PostgreSQL
  (``--storage postgres --dsn DSN``: history-free, blob cache in
  ``var/blobcache``); instancehome = the instance directory (Zope reads
  its ``etc/site.zcml``), clienthome = ``var/``, debug-mode off
  (``--debug-mode``), ``enable-xmlrpc off``, ``max-conflict-retries`` 6
  (``--conflict-retries``; why: see below), CHAMELEON_CACHE ``var/cache``.
* ``etc/zope.ini``   -- PasteDeploy file for ``runwsgi``: waitress on
  HOST:PORT with THREADS threads, ``egg:Zope#main``, logging to stderr
  plus ``var/log/event.log`` (access log in ``var/log/access.log``).
* ``etc/site.zcml``  -- what a Zope instance loads: Products.* (Plone) and,
  through Plone, the add-ons that ``plone.autoinclude`` finds
  (``z3c.autoinclude.plugin`` entry points with target ``plone``).

``etc/package-includes/`` is still made, empty: the template's site.zcml
does not read it (nothing in this project puts ZCML there).

What the template cannot say is done to its output, and only that (each
step fails loudly if the template's output no longer looks as expected):

* ZEO: the template writes ZODB's ``<zeoclient>`` section, which has no
  ``server-sync`` key; only ZEO's own ``<clientstorage>`` (``%import ZEO``)
  has.  The instances of a cluster need it: a save through one instance
  must be read at once through the other.  So the rendered ``<zeoclient>``
  section becomes a ``<clientstorage>`` one, with the same keys plus
  ``server-sync on``.
* The access log: the template names it after the event log
  (``event-access.log``); it stays ``var/log/access.log``.
* ``inituser``: the template's hook writes one (Zope makes it the root's
  only user at its next start, replacing a lone user already there).
  scripts/create_site.py makes the admin user (ADMIN_USER, ADMIN_PASSWORD),
  and a cluster's second instance must not replace it when it starts, so
  the file is removed again unless it was there before.

ZODB conflicts (``--conflict-retries``). A request whose transaction
conflicts with another one (two editors saving one page at once, through
one instance or two) is run again from its start, up to
max-conflict-retries times (Zope's default is 3). Before retry n ZPublisher
sleeps a random 0 to 2**(n-1) s (HTTPRequest.delay_retry), all the while
holding a worker thread and a database connection, so the total wait
doubles with each retry allowed: 3 retries wait at most 7 s, 6 at most 63 s
(half that on average, and only for a request that conflicted 6 times in a
row), which is about as long as a client or a reverse proxy waits for an
answer (nginx: 60 s). A busy page sees its saves conflict in bursts, so it
needs more than 3; 10 would wait up to 17 minutes, long after the client
gave up (and then still commit). Concurrent changes of one item's locks
rarely get here: its lock table merges them (on the ZEO server, or in
RelStorage's clients). A request still conflicting after the last retry
fails as a transient error, and the client may send it again.

Settings come from the command line or the environment (HOST, PORT,
THREADS, DEBUG_MODE, CONFLICT_RETRIES).
"""

from pathlib import Path

import argparse
import importlib.util
import os
import re
import secrets
import sys
import tempfile


TEMPLATE = Path(__file__).resolve().parent / "zope-instance"


def listen(host: str, port: int) -> str:
    """waitress's ``listen``: an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def context(args, instance: Path) -> dict:
    """The template's variables (scripts/zope-instance/cookiecutter.json)."""
    var = instance / "var"
    common = {
        "target": instance.name,
        "location_clienthome": str(var),
        "log_file": True,
        "log_file_path": str(var / "log" / "event.log"),
        "wsgi_listen": listen(args.host, args.port),
        "wsgi_threads": str(args.threads),
        "debug_mode": args.debug_mode == "on",
        "enable_xmlrpc": False,
        "max_conflict_retries": str(args.conflict_retries),
        "db_cache_size": "30000",
        # A throwaway password: the hook writes it to an inituser file that
        # is removed again (see the docstring); given, the hook does not
        # print a generated one.
        "initial_user_password": secrets.token_urlsafe(16),
    }
    storage = {
        "file": {
            "db_storage": "direct",
            "db_blob_mode": "shared",
            "db_blob_location": str(var / "blobstorage"),
            "db_filestorage_location": str(var / "filestorage" / "Data.fs"),
        },
        "zeo": {
            "db_storage": "zeo",
            "db_blob_mode": "shared",
            "db_blob_location": str(args.blob_dir),
            "db_blob_cache_size": "",
            "db_zeo_server": args.zeo,
            "db_zeo_storage": "1",
            "db_zeo_name": "zeostorage",
            "db_zeo_cache_size": "64MB",
        },
        "postgres": {
            "db_storage": "relstorage",
            "db_relstorage": "postgresql",
            "db_relstorage_postgresql_dsn": args.dsn,
            "db_relstorage_keep_history": False,
            "db_blob_mode": "cache",
            "db_blob_location": str(var / "blobcache"),
            "db_blob_cache_size": "256mb",
        },
    }[args.storage]
    return {**common, **storage}


def render(extra_context: dict, instance: Path) -> None:
    from cookiecutter.main import cookiecutter

    with tempfile.TemporaryDirectory() as scratch:
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            extra_context=extra_context,
            overwrite_if_exists=True,
            output_dir=str(instance.parent),
            # Not the user's ~/.cookiecutterrc (its default_context would
            # change what is written), and no replay file in the home.
            default_config={"replay_dir": scratch, "cookiecutters_dir": scratch},
        )


def replace_once(path: Path, pattern: str, replacement, flags=0) -> None:
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), flags=flags)
    if count != 1:
        raise SystemExit(f"{path}: expected one match of {pattern!r}, found {count}")
    path.write_text(text, encoding="utf-8")


def zeo_server_sync(zope_conf: Path) -> None:
    """The rendered ``<zeoclient>`` (ZODB's, no ``server-sync``) becomes
    ZEO's ``<clientstorage>`` with ``server-sync on``."""

    def clientstorage(match):
        indent, body = match.group(1), match.group(2)
        return (
            f"{indent}%import ZEO\n"
            f"{indent}# scripts/instance.py: ZEO's <clientstorage>, not the template's\n"
            f"{indent}# <zeoclient>, for server-sync (a save through one instance is\n"
            f"{indent}# read at once through the other).\n"
            f"{indent}<clientstorage>{body}\n"
            f"{indent}    server-sync on\n"
            f"{indent}</clientstorage>"
        )

    replace_once(
        zope_conf,
        r"^([ \t]*)<zeoclient>(.*?)\n[ \t]*</zeoclient>",
        clientstorage,
        flags=re.DOTALL | re.MULTILINE,
    )


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
    if importlib.util.find_spec("cookiecutter") is None:
        parser.error(f"{sys.executable} has no cookiecutter: use .venv/bin/python (make install)")

    instance = args.instance.resolve()
    if args.blob_dir is not None:
        args.blob_dir = args.blob_dir.resolve()
    etc = instance / "etc"
    var = instance / "var"
    log = var / "log"
    for directory in (etc, etc / "package-includes", var / "filestorage", log, var / "cache"):
        directory.mkdir(parents=True, exist_ok=True)
    inituser = instance / "inituser"
    had_inituser = inituser.exists()

    render(context(args, instance), instance)

    if not had_inituser:
        inituser.unlink(missing_ok=True)
    # ZODB wants the blob directory private.
    (var / "blobstorage").mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(var / "blobstorage", 0o700)
    if args.storage == "zeo":
        zeo_server_sync(etc / "zope.conf")
    replace_once(
        etc / "zope.ini",
        re.escape(f"r'{log / 'event-access.log'}'"),
        lambda _match: f"r'{log / 'access.log'}'",
    )
    for name in ("zope.conf", "zope.ini", "site.zcml"):
        print(f"wrote     {etc / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
