#!/usr/bin/env python3
"""A database server and two Zope instances serving the same site.

    make start-cluster                 # ZEO
    make start-cluster DB=postgres     # RelStorage on PostgreSQL

or ``.venv/bin/python scripts/cluster.py start --db zeo``. Everything lives
under ``var/cluster-{db}/``: the ZEO server (or a PostgreSQL server of
Debian's, set up with ``initdb`` and started with ``pg_ctl``, as the
``postgres`` user when run as root: no system-wide service), two instance
homes, their logs. The ZEO server runs from the project's virtualenv, so it
imports this package and resolves the lock tables' conflicts itself. The
first start creates the demo site (``scripts/create_site.py``).

The cluster tests drive the same ``Cluster`` class. Standard library only.
"""

from pathlib import Path

import argparse
import contextlib
import glob
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


PROJECT = Path(__file__).resolve().parent.parent
BIN = PROJECT / ".venv" / "bin"

# make start's checks, loaded by path: tests and bench.py load this script
# by path too, so its folder is not on sys.path.
_spec = importlib.util.spec_from_file_location(
    "check_free", Path(__file__).with_name("check_free.py")
)
check_free = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_free)
port_taken = check_free.port_taken


class ClusterError(Exception):
    """What keeps the cluster from starting, in one line."""


def free_port(host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def postgres_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise ClusterError(
            f"PostgreSQL's {name} is missing: run `make system-deps` (Debian's postgresql)."
        )
    return found[-1]


class Cluster:
    """``root``: where everything lives; ``ports``: the instances'."""

    def __init__(self, root, db="zeo", host="127.0.0.1", ports=(8081, 8082), db_port=8100):
        self.root = Path(root).resolve()
        self.db = db
        self.host = host
        self.ports = tuple(ports)
        self.db_port = db_port
        self.processes = []
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    # Layout

    @property
    def instances(self):
        return [self.root / f"instance{number}" for number in range(1, len(self.ports) + 1)]

    @property
    def urls(self):
        return [f"http://{self.host}:{port}" for port in self.ports]

    @property
    def logs(self):
        return self.root / "log"

    # Checks first: nothing is written while another server holds a port.

    def check(self):
        for port in (*self.ports, self.db_port):
            if port_taken(self.host, port):
                raise ClusterError(
                    f"Port {self.host}:{port} is taken (another server?): stop it, or choose "
                    "other ports (make start-cluster PORT1=... PORT2=... DB_PORT=...)."
                )

    # Configuration

    def configure(self):
        self.logs.mkdir(parents=True, exist_ok=True)
        if self.db == "zeo":
            self.write_zeo_conf()
            storage = [
                "--storage=zeo",
                f"--zeo={self.host}:{self.db_port}",
                f"--blob-dir={self.root / 'zeo' / 'blobs'}",
            ]
        else:
            storage = ["--storage=postgres", f"--dsn={self.dsn}"]
        for instance, port in zip(self.instances, self.ports, strict=True):
            subprocess.run(
                [
                    sys.executable,
                    str(PROJECT / "scripts" / "instance.py"),
                    f"--instance={instance}",
                    f"--host={self.host}",
                    f"--port={port}",
                    "--threads=2",
                    *storage,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )

    def write_zeo_conf(self):
        zeo = self.root / "zeo"
        (zeo / "blobs").mkdir(parents=True, exist_ok=True)
        os.chmod(zeo / "blobs", 0o700)
        (zeo / "zeo.conf").write_text(
            f"""\
# Written by scripts/cluster.py: edits are overwritten.
<zeo>
  address {self.host}:{self.db_port}
</zeo>
<filestorage 1>
  path {zeo / "Data.fs"}
  blob-dir {zeo / "blobs"}
</filestorage>
<eventlog>
  level INFO
  <logfile>
    path {self.logs / "zeo.log"}
    format %(asctime)s %(levelname)s %(name)s %(message)s
  </logfile>
</eventlog>
"""
        )

    # PostgreSQL, under var/: its own data directory, socket and port.

    @property
    def pg_data(self):
        return self.root / "postgres" / "data"

    @property
    def pg_socket(self):
        return self.root / "postgres" / "run"

    @property
    def dsn(self):
        return f"host='{self.pg_socket}' port={self.db_port} dbname='zodb' user='zodb'"

    def as_postgres(self, command, **kwargs):
        """PostgreSQL refuses to run as root: run it as the postgres user."""
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, **kwargs)

    def start_postgres(self):
        self.pg_socket.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.root / "postgres", self.pg_socket, self.logs):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            # postgres must be able to reach its directory through its parents.
            for directory in (self.root, *self.root.parents):
                if directory == directory.parent:
                    break
                os.chmod(directory, os.stat(directory).st_mode | 0o011)
        if not (self.pg_data / "PG_VERSION").exists():
            self.as_postgres(
                [postgres_bin("initdb"), "-D", str(self.pg_data), "-U", "zodb", "-A", "trust"],
                stdout=subprocess.DEVNULL,
            )
        options = f"-k {self.pg_socket} -p {self.db_port} -c listen_addresses='' -c fsync=off"
        self.as_postgres(
            [
                postgres_bin("pg_ctl"),
                "-D",
                str(self.pg_data),
                "-o",
                options,
                "-l",
                str(self.logs / "postgres.log"),
                "-w",
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
        databases = subprocess.run(
            [postgres_bin("psql"), "-h", str(self.pg_socket), "-p", str(self.db_port),
             "-U", "zodb", "-d", "postgres", "-Atc", "SELECT datname FROM pg_database"],
            check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        if "zodb" not in databases:
            subprocess.run(
                [postgres_bin("createdb"), "-h", str(self.pg_socket), "-p", str(self.db_port),
                 "-U", "zodb", "zodb"],
                check=True,
            )  # fmt: skip

    def stop_postgres(self):
        if (self.pg_data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.as_postgres(
                    [postgres_bin("pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "-w", "stop"],
                    stdout=subprocess.DEVNULL,
                )

    # Processes

    def spawn(self, command, log_name):
        log = open(self.logs / log_name, "ab")
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
        )
        self.processes.append(process)
        return process

    def start_database(self):
        if self.db == "zeo":
            self.spawn([str(BIN / "runzeo"), "-C", str(self.root / "zeo" / "zeo.conf")], "zeo.out")
            wait_for_port(self.host, self.db_port, 60, "the ZEO server")
        else:
            self.start_postgres()

    def create_site(self, skip_addon=False, site_id="Plone"):
        """The demo site (made once: the script reuses an existing one)."""
        env = {**self.env, "SITE_ID": site_id, "SKIP_ADDON": "1" if skip_addon else "0"}
        subprocess.run(
            [str(BIN / "zconsole"), "run", str(self.instances[0] / "etc" / "zope.conf"),
             str(PROJECT / "scripts" / "create_site.py")],
            check=True, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start_instances(self):
        for number, instance in enumerate(self.instances, start=1):
            self.spawn(
                [str(BIN / "runwsgi"), str(instance / "etc" / "zope.ini")], f"instance{number}.out"
            )
        for url in self.urls:
            wait_for_url(f"{url}/Plone", 120)

    def start(self, create_site=True):
        self.check()
        self.configure()
        try:
            self.start_database()
            if create_site:
                self.create_site()
            self.start_instances()
        except BaseException:
            self.stop()
            raise

    def stop_instances(self):
        database = self.processes[:1] if self.db == "zeo" else []
        for process in reversed(self.processes):
            if process not in database:
                stop(process)
        self.processes = database

    def stop(self):
        for process in reversed(self.processes):
            stop(process)
        self.processes = []
        if self.db == "postgres":
            self.stop_postgres()

    def wipe(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def stop(process, timeout=30):
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)


def wait_for_port(host, port, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.2)
    raise ClusterError(f"{what} did not answer on {host}:{port} within {timeout} s")


def wait_for_url(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    raise ClusterError(f"{url} did not answer within {timeout} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("start",))
    parser.add_argument("--db", choices=("zeo", "postgres"), default="zeo")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ports", default="8081,8082", help="the instances' ports")
    parser.add_argument("--db-port", type=int, default=None, help="ZEO's or PostgreSQL's port")
    parser.add_argument("--admin", default="admin:admin", help="the login make start prints")
    args = parser.parse_args(argv)
    ports = tuple(int(port) for port in args.ports.split(","))
    db_port = args.db_port or (8100 if args.db == "zeo" else 5433)
    cluster = Cluster(PROJECT / "var" / f"cluster-{args.db}", args.db, args.host, ports, db_port)
    try:
        cluster.start()
    except ClusterError as error:
        print(f"start-cluster: {error}", file=sys.stderr)
        return 1
    what = "ZEO" if args.db == "zeo" else "PostgreSQL (RelStorage)"
    print()
    for number, url in enumerate(cluster.urls, start=1):
        print(f"  Instance {number}:  {url}/Plone   (REST API: {url}/Plone/++api++)")
    print(f"  Database:    {what} on {args.host}:{db_port}, files in {cluster.root}")
    print(f"  Login:       {args.admin.replace(':', ' / ')}")
    print("  Stop with Ctrl-C.")
    print(flush=True)
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    try:
        while not stopped and all(process.poll() is None for process in cluster.processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("start-cluster: stopping", flush=True)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
