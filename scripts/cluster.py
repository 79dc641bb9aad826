"""A database server and two Zope instances serving the same site.

    make start-cluster                 # ZEO
    make start-cluster DB=postgres     # RelStorage on PostgreSQL

or ``.venv/bin/python -m scripts.cluster start --db zeo`` (from the checkout). Everything lives
under ``var/cluster-{db}/``: ``supervisord.conf``, the ZEO server's files (or
a PostgreSQL server of Debian's, set up with ``initdb`` and started with
``pg_ctl``, as the ``postgres`` user when run as root: no system-wide
service), two instance homes, and the logs (``log/``).

The Zope instances and the ZEO server run under supervisord (``supervisor``
from the project's virtualenv, ``autorestart``): an instance that dies, even
by ``kill -9``, is started again while the other one and the database keep
serving. The ZEO server runs from the project's virtualenv, so it imports
this package and resolves the lock tables' conflicts itself. The first start
creates the demo site (``scripts/create_site.py``). Ctrl-C (or SIGTERM)
stops everything.

Other commands: ``stop`` (a cluster left running by a killed ``start``),
``clean`` (what lives outside ``var/``: the PostgreSQL data directory that
goes to the system temp dir when the ``postgres`` user cannot reach the
checkout, and the supervisord control socket of a deep root).

The cluster tests, ``benchmarks/bench.py`` and ``scripts/soak.py`` drive the
same ``Cluster`` class. Standard library only (supervisord is run, not
imported).
"""

from pathlib import Path
from scripts.check_free import port_taken

import argparse
import contextlib
import glob
import hashlib
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client


PROJECT = Path(__file__).resolve().parent.parent
BIN = PROJECT / ".venv" / "bin"

# A unix socket's path is limited to 107 bytes (sun_path); keep a margin.
SOCKET_PATH_MAX = 100


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


def root_hash(root):
    return hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:12]


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class _UnixTransport(xmlrpc.client.Transport):
    """XML-RPC to supervisord over its unix socket (what supervisorctl does)."""

    def __init__(self, path, timeout):
        super().__init__()
        self.path = path
        self.timeout = timeout

    def make_connection(self, host):
        return _UnixConnection(self.path, self.timeout)


class Cluster:
    """``root``: where everything lives; ``ports``: the instances'.

    Instances are numbered from 0, as ``urls``, ``ports`` and ``instances``
    are: ``kill_instance(0)`` kills the one serving ``urls[0]``.
    """

    def __init__(self, root, db="zeo", host="127.0.0.1", ports=(8081, 8082), db_port=8100):
        self.root = Path(root).resolve()
        self.db = db
        self.host = host
        self.ports = tuple(ports)
        self.db_port = db_port
        # supervisord's process, while this object runs it.
        self.processes = []
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._pg_base = None  # found on first use

    # Layout

    @property
    def instances(self):
        return [self.root / f"instance{number}" for number in range(1, len(self.ports) + 1)]

    @property
    def program_names(self):
        return [f"instance{number}" for number in range(1, len(self.ports) + 1)]

    @property
    def urls(self):
        return [f"http://{self.host}:{port}" for port in self.ports]

    @property
    def logs(self):
        return self.root / "log"

    @property
    def supervisor_conf(self):
        return self.root / "supervisord.conf"

    @property
    def supervisor_socket(self):
        """Under the root, or, if that path is too long for a unix socket, a
        short one in the system temp dir (removed on stop)."""
        here = self.root / "supervisord.sock"
        if len(os.fsencode(here)) <= SOCKET_PATH_MAX:
            return here
        return Path(tempfile.gettempdir()) / f"collective-locking-{root_hash(self.root)}.sock"

    # Checks first: nothing is written while another server holds a port.

    def check(self):
        if self.supervisor_running():
            raise ClusterError(
                f"A cluster under {self.root} is running already (supervisord, socket "
                f"{self.supervisor_socket}): stop it first "
                "(.venv/bin/python -m scripts.cluster stop)."
            )
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
        self.write_supervisor_conf()

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

    def program(self, name, command, log_name, priority, autostart):
        return f"""
[program:{name}]
command = {command}
directory = {PROJECT}
priority = {priority}
autostart = {"true" if autostart else "false"}
; started again whenever it exits, however it exits (kill -9 included)
autorestart = true
; up this long counts as started; a quicker exit is retried 3 times
startsecs = 3
startretries = 3
stopsignal = TERM
stopwaitsecs = 30
stopasgroup = true
killasgroup = true
redirect_stderr = true
stdout_logfile = {self.logs / log_name}
stdout_logfile_maxbytes = 10MB
stdout_logfile_backups = 2
"""

    def write_supervisor_conf(self):
        user = "user = root\n" if os.geteuid() == 0 else ""  # says we mean it
        text = f"""\
; Written by scripts/cluster.py: edits are overwritten.
[unix_http_server]
file = {self.supervisor_socket}
chmod = 0700

[supervisord]
nodaemon = true
silent = true
logfile = {self.logs / "supervisord.log"}
logfile_maxbytes = 10MB
logfile_backups = 2
pidfile = {self.root / "supervisord.pid"}
childlogdir = {self.logs}
directory = {PROJECT}
environment = PYTHONUNBUFFERED="1"
{user}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl = unix://{self.supervisor_socket}
"""
        if self.db == "zeo":
            text += self.program(
                "zeo", f"{BIN / 'runzeo'} -C {self.root / 'zeo' / 'zeo.conf'}", "zeo.out", 100,
                autostart=False,
            )  # fmt: skip
        for name, instance in zip(self.program_names, self.instances, strict=True):
            text += self.program(
                name, f"{BIN / 'runwsgi'} {instance / 'etc' / 'zope.ini'}", f"{name}.out", 200,
                autostart=False,
            )  # fmt: skip
        self.supervisor_conf.write_text(text)

    # supervisord

    def supervisor(self, timeout=60):
        return xmlrpc.client.ServerProxy(
            "http://localhost", transport=_UnixTransport(str(self.supervisor_socket), timeout)
        ).supervisor

    def supervisor_running(self):
        if not self.supervisor_socket.exists():
            return False
        try:
            return self.supervisor(timeout=5).getState()["statename"] == "RUNNING"
        except (OSError, xmlrpc.client.Error):
            return False

    def start_supervisor(self):
        """supervisord in the foreground of a session of its own (Ctrl-C in
        the terminal reaches this process, which stops it)."""
        if self.supervisor_running():
            return
        with contextlib.suppress(FileNotFoundError):
            self.supervisor_socket.unlink()  # a stale one, from a killed supervisord
        log = open(self.logs / "supervisord.out", "ab")
        process = subprocess.Popen(
            [str(BIN / "supervisord"), "-c", str(self.supervisor_conf)],
            stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True,
            cwd=PROJECT,
        )  # fmt: skip
        log.close()
        self.processes = [process]
        deadline = time.monotonic() + 30
        while not self.supervisor_running():
            if process.poll() is not None:
                raise ClusterError(
                    f"supervisord exited with code {process.returncode}: see "
                    f"{self.logs / 'supervisord.out'} and {self.logs / 'supervisord.log'}"
                )
            if time.monotonic() > deadline:
                raise ClusterError(f"supervisord did not answer on {self.supervisor_socket}")
            time.sleep(0.2)

    def start_program(self, name):
        """Start ``name`` unless it runs; its state right after."""
        with contextlib.suppress(xmlrpc.client.Fault):  # ALREADY_STARTED
            self.supervisor().startProcess(name, False)
        return self.supervisor().getProcessInfo(name)["statename"]

    def program_failed(self, name):
        """Why ``name`` will not come up by itself, or None."""
        info = self.supervisor().getProcessInfo(name)
        if info["statename"] in ("FATAL", "STOPPED", "UNKNOWN"):
            return f"{name} is {info['statename']}: see {self.logs / (name + '.out')}"
        return None

    def stop_supervisor(self, timeout=90):
        """Stop every program (stopwaitsecs each, then SIGKILL), then
        supervisord itself; remove its socket."""
        if self.supervisor_running():
            with contextlib.suppress(OSError, xmlrpc.client.Error):
                self.supervisor(timeout=timeout).stopAllProcesses(True)
            with contextlib.suppress(OSError, xmlrpc.client.Error):
                self.supervisor(timeout=10).shutdown()
        pid_file = self.root / "supervisord.pid"
        for process in self.processes:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                stop(process)
        if not self.processes and pid_file.exists():  # started by another process
            with contextlib.suppress(ValueError, ProcessLookupError):
                pid = int(pid_file.read_text().strip())
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    os.kill(pid, 0)  # ProcessLookupError once it is gone
                    time.sleep(0.2)
        self.processes = []
        if self.supervisor_socket.parent != self.root:
            with contextlib.suppress(FileNotFoundError):
                self.supervisor_socket.unlink()

    # PostgreSQL: its own data directory, socket and port, under the root,
    # or, if the postgres user cannot reach the root, in the system temp dir.

    @property
    def pg_temp(self):
        return Path(tempfile.gettempdir()) / f"collective-locking-pg-{root_hash(self.root)}"

    @property
    def pg_base(self):
        if self._pg_base is None:
            reached = not self.pg_temp.exists() and self.postgres_reaches_root()
            self._pg_base = self.root / "postgres" if reached else self.pg_temp
        return self._pg_base

    @property
    def pg_data(self):
        return self.pg_base / "data"

    @property
    def pg_socket(self):
        return self.pg_base / "run"

    @property
    def pg_log(self):
        """In the logs, if the postgres user can write there."""
        return self.pg_base / "postgres.log" if self.pg_base == self.pg_temp else (
            self.logs / "postgres.log"
        )  # fmt: skip

    @property
    def dsn(self):
        return f"host='{self.pg_socket}' port={self.db_port} dbname='zodb' user='zodb'"

    def postgres_reaches_root(self):
        if os.geteuid() != 0:
            return True  # PostgreSQL runs as this user
        reached = subprocess.run(
            ["runuser", "-u", "postgres", "--", "test", "-x", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return reached.returncode == 0

    def as_postgres(self, command, **kwargs):
        """PostgreSQL refuses to run as root: run it as the postgres user."""
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, **kwargs)

    def start_postgres(self):
        self.pg_socket.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.pg_log.touch()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            for path in (self.pg_base, self.pg_socket, self.pg_log):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        if not (self.pg_data / "PG_VERSION").exists():
            self.as_postgres(
                [postgres_bin("initdb"), "-D", str(self.pg_data), "-U", "zodb", "-A", "trust"],
                stdout=subprocess.DEVNULL,
            )
        options = f"-k {self.pg_socket} -p {self.db_port} -c listen_addresses='' -c fsync=off"
        self.as_postgres(
            [postgres_bin("pg_ctl"), "-D", str(self.pg_data), "-o", options,
             "-l", str(self.pg_log), "-w", "start"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
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
        for data in {self.pg_temp / "data", self.root / "postgres" / "data"}:
            if (data / "postmaster.pid").exists():
                with contextlib.suppress(subprocess.CalledProcessError):
                    self.as_postgres(
                        [postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                        stdout=subprocess.DEVNULL,
                    )

    # Processes

    def start_database(self):
        self.start_supervisor()
        if self.db == "zeo":
            self.start_program("zeo")
            wait_for_port(self.host, self.db_port, 60, "the ZEO server",
                          failed=lambda: self.program_failed("zeo"))  # fmt: skip
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
        self.start_supervisor()
        for name in self.program_names:
            self.start_program(name)
        for name, url in zip(self.program_names, self.urls, strict=True):
            wait_for_url(f"{url}/Plone", 120, failed=lambda name=name: self.program_failed(name))

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
        """Stop the instances (supervisord keeps them stopped); the database
        keeps running."""
        if not self.supervisor_running():
            return
        for name in reversed(self.program_names):
            with contextlib.suppress(xmlrpc.client.Fault):  # NOT_RUNNING
                self.supervisor(timeout=90).stopProcess(name, True)

    def instance_pid(self, number):
        """The process id of instance ``number`` (from 0), 0 if it is not
        running."""
        return self.supervisor().getProcessInfo(self.program_names[number])["pid"]

    def instance_state(self, number):
        """supervisord's state of instance ``number``: RUNNING, STARTING,
        BACKOFF, EXITED, ..."""
        return self.supervisor().getProcessInfo(self.program_names[number])["statename"]

    def kill_instance(self, number):
        """SIGKILL instance ``number`` (from 0), as ``kill -9`` would:
        supervisord notices and starts it again. Its pid."""
        pid = self.instance_pid(number)
        if not pid:
            raise ClusterError(f"{self.program_names[number]} is not running")
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self):
        self.stop_supervisor()
        if self.db == "postgres":
            self.stop_postgres()

    def wipe(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
        self.clean()

    def clean(self):
        """Remove what lives outside the root (the root itself stays)."""
        self.stop_postgres()
        shutil.rmtree(self.pg_temp, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            if self.supervisor_socket.parent != self.root:
                self.supervisor_socket.unlink()


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


def wait_for_port(host, port, timeout, what, failed=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        if failed and (why := failed()):
            raise ClusterError(f"{what} did not start: {why}")
        time.sleep(0.2)
    raise ClusterError(f"{what} did not answer on {host}:{port} within {timeout} s")


def wait_for_url(url, timeout, failed=None):
    """Until ``url`` answers (any HTTP status); ``failed()`` says why it
    never will (then give up at once)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if failed and (why := failed()):
                raise ClusterError(f"{url} did not start: {why}") from None
            time.sleep(0.5)
    raise ClusterError(f"{url} did not answer within {timeout} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("start", "stop", "clean"))
    parser.add_argument("--db", choices=("zeo", "postgres"), default="zeo")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ports", default="8081,8082", help="the instances' ports")
    parser.add_argument("--db-port", type=int, default=None, help="ZEO's or PostgreSQL's port")
    parser.add_argument("--admin", default="admin:admin", help="the login make start prints")
    args = parser.parse_args(argv)
    ports = tuple(int(port) for port in args.ports.split(","))
    db_port = args.db_port or (8100 if args.db == "zeo" else 5433)
    if args.command != "start":  # both clusters
        for db in ("zeo", "postgres"):
            cluster = Cluster(PROJECT / "var" / f"cluster-{db}", db, args.host, ports, db_port)
            if args.command == "stop":
                cluster.stop()
            else:
                cluster.clean()
        return 0
    cluster = Cluster(PROJECT / "var" / f"cluster-{args.db}", args.db, args.host, ports, db_port)
    stopped = []

    def on_sigterm(*_args):
        stopped.append(True)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
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
        print(f"  Logs:        {cluster.logs} (supervisord restarts a dead instance)")
        print("  Stop with Ctrl-C.")
        print(flush=True)
        supervisord = cluster.processes[0]
        while supervisord.poll() is None:
            time.sleep(0.5)
        print(f"start-cluster: supervisord exited ({supervisord.returncode})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("start-cluster: stopping", flush=True)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
