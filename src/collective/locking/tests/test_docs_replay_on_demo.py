"""Every example of README.rst and docs/, replayed on the demo as a reader
runs it: against a server started exactly as ``make start`` starts it.

The server is made as the Makefile's ``instance``, ``site`` and ``start``
targets make it, in a temporary instance directory (its own ``etc/`` and
``var/``, a free port on 127.0.0.1), so the developer's ``var/`` is left
alone:

1. ``python scripts/instance.py --host 127.0.0.1 --port PORT --instance DIR``
2. ``zconsole run DIR/etc/zope.conf scripts/create_site.py`` (the
   Makefile's SITE_ID, ADMIN_USER, ADMIN_PASSWORD, SKIP_ADDON)
3. ``runwsgi DIR/etc/zope.ini``

Then, in an order in which each runs as written (the examples show
``http://localhost:8080/Plone`` or ``http://127.0.0.1:8080/Plone``; only
host and port are rewritten to the server's):

- every ``docs/http-examples/*.req``, in the order of the documentation's
  scenario (``test_docs_examples.EXAMPLES``), comparing the status and the
  shape of the JSON answer (keys, list lengths, value types) with the
  ``.resp`` file. The clock and the tokens differ on a live server: a token
  shown in an earlier ``.resp`` is replaced by the one the server answered
  in its place;
- every command that runs a script of ``examples/`` (with ``--site``, the
  server's URL);
- every literal ``curl`` command of README.rst and docs/*.md, run with curl.

First of all, the demo's classic UI, at the address ``make start`` prints,
has Barceloneta's look, as in production.
"""

from collective.locking.tests.test_docs_examples import EXAMPLES
from pathlib import Path

import base64
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


PROJECT = Path(__file__).parents[4]
BIN = Path(sys.executable).parent
EXAMPLES_DIR = PROJECT / "docs" / "http-examples"
#: Where the docs say the site is (``make start``'s default port).
DOC_HOSTS = ("localhost:8080", "127.0.0.1:8080")
#: The Makefile's defaults, which scripts/create_site.py reads.
MAKE_ENV = {"SITE_ID": "Plone", "ADMIN_USER": "admin", "ADMIN_PASSWORD": "admin", "SKIP_ADDON": "0"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, log, **kwargs):
    log.write(f"$ {shlex.join(map(str, command))}\n")
    log.flush()
    subprocess.run(
        [str(part) for part in command],
        check=True,
        cwd=PROJECT,
        stdout=log,
        stderr=subprocess.STDOUT,
        timeout=600,
        **kwargs,
    )


class DemoServer:
    """The demo of ``make start``, in ``directory``."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.host}/{MAKE_ENV['SITE_ID']}"
        self.log_path = directory / "make-start.log"
        self.process = None

    def start(self):
        with open(self.log_path, "a") as log:
            # make instance
            run(
                [
                    sys.executable,
                    PROJECT / "scripts" / "instance.py",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    self.port,
                    "--instance",
                    self.directory,
                ],
                log,
            )
            # make site
            conf = self.directory / "etc" / "zope.conf"
            run(
                [BIN / "zconsole", "run", conf, PROJECT / "scripts" / "create_site.py"],
                log,
                env={**os.environ, **MAKE_ENV},
            )
        # make start: exec runwsgi etc/zope.ini
        self.process = subprocess.Popen(
            [str(BIN / "runwsgi"), str(self.directory / "etc" / "zope.ini")],
            cwd=PROJECT,
            stdout=open(self.log_path, "a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                urllib.request.urlopen(self.url, timeout=5).close()
                return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"the demo server did not answer\n{self.log()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log(self):
        return self.log_path.read_text()[-5000:]

    def live(self, text):
        """``text`` with the documented host:port replaced by the server's."""
        for host in DOC_HOSTS:
            text = text.replace(host, self.host)
        return text


def shape(value):
    """What two answers of one example have in common on any server: keys,
    list lengths and value types, not the values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


def parse_http(text):
    """(first line, headers, body) of a documented request or response."""
    head, _, body = text.partition("\n\n")
    first, *lines = head.splitlines()
    return first, dict(line.split(": ", 1) for line in lines), body


def send(server, request_text, tokens):
    """Send a documented request to the server, with the tokens it answered
    in place of the documented ones."""
    for documented, live in tokens.items():
        request_text = request_text.replace(documented, live)
    first, headers, body = parse_http(server.live(request_text))
    method, path, _version = first.split(" ")
    assert headers.pop("Host") == server.host, first
    request = urllib.request.Request(
        f"http://{server.host}{path}",
        data=body.encode() if body else None,
        headers=headers,
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def replay_http_examples(server):
    """Send the .req files in the scenario's order; return their names."""
    tokens = {}
    replayed = []
    problems = []
    for name, *_rest in EXAMPLES:
        request = (EXAMPLES_DIR / f"{name}.req").read_text()
        status_line, _headers, expected_body = parse_http(
            (EXAMPLES_DIR / f"{name}.resp").read_text()
        )
        expected_status = int(status_line.split(" ")[1])
        status, body = send(server, request, tokens)
        replayed.append(name)
        if status != expected_status:
            problems.append(f"{name}: {status} instead of {expected_status}: {body[:500]!r}")
            continue
        if not expected_body.strip():
            if body.strip():
                problems.append(f"{name}: a body where the docs show none: {body[:500]!r}")
            continue
        expected, answered = json.loads(expected_body), json.loads(body)
        if shape(answered) != shape(expected):
            problems.append(
                f"{name}: the answer's shape differs from the docs'\n"
                f"docs:   {json.dumps(expected, sort_keys=True)}\n"
                f"server: {json.dumps(answered, sort_keys=True)}"
            )
        if isinstance(expected, dict) and "token" in expected:
            tokens[expected["token"]] = answered["token"]
    assert not problems, "\n\n".join(problems) + "\n\n" + server.log()
    return replayed


def documented_commands():
    """The shell commands of README.rst and docs/*.md: (file, command), a
    command's continuation lines joined."""
    commands = []
    for path in [PROJECT / "README.rst", *sorted((PROJECT / "docs").glob("*.md"))]:
        lines = path.read_text().splitlines()
        index = 0
        while index < len(lines):
            line = lines[index].strip()
            while line.endswith("\\") and index + 1 < len(lines):
                index += 1
                line = line[:-1] + " " + lines[index].strip()
            index += 1
            if line.startswith(("curl ", ".venv/bin/python examples/", "python examples/")):
                commands.append((path.name, line.split("  #", 1)[0].strip()))
    return commands


def run_example_script(server, command):
    """``.venv/bin/python examples/x.py``, against the server."""
    argv = shlex.split(command)
    script = next(arg for arg in argv if arg.startswith("examples/"))
    args = argv[argv.index(script) + 1 :]
    result = subprocess.run(
        [sys.executable, str(PROJECT / script), *args, f"--site={server.url}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def run_curl(server, command):
    """A documented curl command, as written (host and port rewritten);
    returns (status, JSON answer)."""
    argv = shlex.split(server.live(command))
    assert argv[0] == "curl"
    result = subprocess.run(
        [shutil.which("curl"), *argv[1:], "--write-out", "\n%{http_code}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    body, _, status = result.stdout.rpartition("\n")
    return int(status), json.loads(body) if body.strip() else None


def classic_page(server, path):
    """A page of the classic UI, as the demo's admin sees it."""
    request = urllib.request.Request(f"{server.url}/{path}")
    login = f"{MAKE_ENV['ADMIN_USER']}:{MAKE_ENV['ADMIN_PASSWORD']}"
    request.add_header("Authorization", "Basic " + base64.b64encode(login.encode()).decode())
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def test_every_documented_example_runs_on_the_demo(tmp_path):
    assert shutil.which("curl"), "this test runs the documented curl commands: install curl"
    started = time.monotonic()
    server = DemoServer(tmp_path)
    try:
        server.start()
        ready = time.monotonic()

        # 0. The classic UI at the address make start prints looks as in
        # production: Barceloneta, no plone.volto banner.
        for page in ("@@overview-controlpanel", "@@locking-controlpanel", "demo/meeting-notes"):
            html = classic_page(server, page)
            assert "++theme++barceloneta/css/barceloneta" in html, page
            assert "through its Classic UI frontend" not in html, page

        # 1. The HTTP examples, every one of docs/http-examples.
        replayed = replay_http_examples(server)
        assert sorted(replayed) == sorted(path.stem for path in EXAMPLES_DIR.glob("*.req"))
        referenced = set()
        for page in (PROJECT / "docs").glob("*.md"):
            referenced |= set(re.findall(r"http-examples/([\w-]+)\.re[qs]", page.read_text()))
        assert referenced <= set(replayed), referenced - set(replayed)

        # 2. The scripts of examples/, then 3. the curl commands: README's
        # lock the page as a whole, which would keep the scripts out.
        commands = documented_commands()
        scripts = [(page, c) for page, c in commands if "examples/" in c and "curl" not in c]
        curls = [(page, c) for page, c in commands if c.startswith("curl ")]
        assert scripts and curls, commands
        for _page, command in scripts:
            output = run_example_script(server, command)
            assert "Both edits landed." in output or "two_editors" not in command, output
        answers = [(command, *run_curl(server, command)) for _page, command in curls]
        for command, status, _answer in answers:
            assert 200 <= status < 300, f"{command}: {status}"
        # README: "lock a page as alice and look at it as bob (who does not
        # get alice's token)".
        readme = [(c, answer) for c, _status, answer in answers if "alice:" in c or "bob:" in c]
        assert [("token" in answer) for _c, answer in readme] == [True, False], readme
    finally:
        server.stop()
    total = len(replayed) + len(scripts) + len(curls)
    print(
        f"\nreplayed {total} documented examples on a `make start` server "
        f"({len(replayed)} HTTP examples, {len(scripts)} example script runs, "
        f"{len(curls)} curl commands) in {time.monotonic() - ready:.1f} s; "
        f"the server took {ready - started:.1f} s to make and start"
    )
