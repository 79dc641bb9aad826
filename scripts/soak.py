"""Soak test: simulated editors on a two-instance ZEO cluster, one instance
killed with SIGKILL half-way, and every acknowledged save checked at the end.

    make soak                          # 8 editors, 600 s
    make soak SOAK_SECONDS=90
    .venv/bin/python -m scripts.soak --seconds 90 --editors 8 --json var/soak.json

Starts a fresh cluster (``scripts/cluster.py``: a ZEO server and two Zope
instances under supervisord, on free loopback ports, in a temporary root
under ``var/``) with the demo site, adds editor users and two more pages,
and runs the editors, each on one instance (half on each), with random think
times:

- Volto: GET a page, lock one of its text blocks (``blocks/{id}``, timeout
  60 s), edit the block's text, save it with a merge patch carrying the
  token and ``X-Plone-Unlock: true``;
- whole-item edits: ``POST @lock``, GET, PATCH the description and one block
  (Volto's whole ``blocks``) with the token, ``DELETE @lock``;
- the classic edit form (``@@edit``: the form takes the locks; its fields,
  ``_authenticator`` included, are read from the page and posted to the
  form's ``action``, as a browser does), saving the description;
- steals (``DELETE @lock`` or ``@lock/{fragment}`` with ``{"force": true}``
  on someone else's lock, then editing what was stolen);
- locks left to expire (timeout 2 to 5 s), checked gone afterwards;
- and an administrator releasing in bulk with filters
  (``DELETE demo/@locks?creator=...``, ``kind``, ``stealable``,
  ``expires_before``) and listing ``@locks``.

Every save writes a unique marker: into the block's text and into a ledger
in the block (``"soak": {marker: editor}``, which merges and never loses
keys), and, for the description, as its value. At ``--kill-at`` of the run
instance 2 is killed with SIGKILL (``Cluster.kill_instance``); its editors
go over to instance 1 until supervisord has it answering again (the kill
window); then a lock taken on instance 1 meanwhile must be seen and honoured
by the restarted instance 2.

At the end (after the editors stop, their leftover classic-form locks are
released, and every lock they left has expired) it reads every page and
checks, exactly:

- saves acknowledged == saves found: every acknowledged (2xx) save's ledger
  marker is in its block, and the last acknowledged value of each block
  text and description (by completion time) is the stored one (earlier ones
  count as found: a later acknowledged save overwrote them);
- locks left after expiry == 0 (``GET @locks`` of the site, as admin);
- expired locks listed during the run == 0;
- 5xx outside the kill window == 0 (a 503 with ``Retry-After`` is not one:
  clients wait and send again, at most 3 times);
- connection errors and timeouts outside the kill window == 0;
- the killed instance came back and served the lock taken meanwhile.

It prints the figures (requests, statuses, saves, locks, latencies) and
writes them as JSON (``--json``, default ``var/soak.json``); the exit code
is 1 when a check fails. The cluster is wiped at the end, Ctrl-C included.
Standard library and requests only: no Plone in this process.
"""

from pathlib import Path
from scripts import cluster as cluster_module

import argparse
import base64
import collections
import contextlib
import datetime
import html.parser
import itertools
import json
import random
import requests
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib3


PROJECT = Path(__file__).resolve().parent.parent

ADMIN = ("admin", "admin")
SITE = "Plone"
FOLDER = f"{SITE}/demo"
DEMO_PAGES = ["demo", "demo/meeting-notes", "demo/release-plan", "demo/style-guide"]
EXTRA_PAGES = 2
EXTRA_BLOCKS = 4
LOCK_TIMEOUT = 60
TIMEOUT = (5, 120)  # connect, read: the read timeout outlasts Zope's conflict retries
MAX_503_RETRIES = 3
JSON = {"Accept": "application/json"}
UNKNOWN = object()  # sent, but no answer: it may or may not have been done

FLOWS = [("volto", 45), ("whole", 15), ("classic", 15), ("steal", 15), ("expire", 10)]


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def not_sent(error):
    """Whether a connection error happened before the request left (the
    connection was refused): then nothing was done, and sending it again
    elsewhere is safe."""
    seen = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (urllib3.exceptions.NewConnectionError, ConnectionRefusedError)):
            return True
        stack.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        stack.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
    return False


def error_type(body):
    """The error's type in a JSON error body (``{"error_type": ...}`` or
    ``{"error": {"type": ...}}``)."""
    try:
        data = json.loads(body)
    except ValueError:
        return "(no JSON body)"
    if not isinstance(data, dict):
        return "(no error type)"
    error = data.get("error")
    return (
        data.get("error_type")
        or (error.get("type") if isinstance(error, dict) else None)
        or ("(no error type)")
    )


def reason(response):
    """Why a token's lock is gone, from a 409's body."""
    try:
        return response.json().get("error", {}).get("reason") or "no reason"
    except (ValueError, AttributeError):
        return "no reason"


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class FormFields(html.parser.HTMLParser):
    """What a browser submits from the page's edit form: its fields (inputs,
    checked boxes, textareas, selected options) to its ``action``, the URL
    whose query tells a save which locks the form held and when the item
    last changed as it opened (a save without them would overwrite changes
    made after a broken lock, as a browser's never does)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = []
        self.action = None
        self.in_form = False
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form" and "@@edit" in (attrs.get("action") or "") and self.action is None:
            self.in_form = True
            self.action = attrs["action"]
            return
        if not self.in_form:
            return
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value") or ""])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value") or ""])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def edit_form(page):
    """The edit form's fields, and the path (with its query) it posts to,
    relative to the instance (any instance of the cluster takes it)."""
    parser = FormFields()
    parser.feed(page)
    if parser.action is None:
        return [], None
    action = urllib.parse.urlsplit(parser.action)
    return parser.fields, action.path.lstrip("/") + (f"?{action.query}" if action.query else "")


def saved_message(response):
    """Whether Plone's status message cookie says the form saved."""
    cookie = response.cookies.get("statusmessages")
    if not cookie:
        return False
    with contextlib.suppress(ValueError):
        return b"Changes saved" in base64.b64decode(urllib.parse.unquote(cookie.strip('"')))
    return False


class Soak:
    """What all editors share: the cluster, the figures, the saves."""

    def __init__(self, cluster, seconds, editors):
        self.cluster = cluster
        self.seconds = seconds
        self.logins = [f"soak-editor{number}" for number in range(1, editors + 1)]
        self.lock = threading.Lock()
        self.records = []  # one per HTTP attempt
        self.saves = []  # every save: acknowledged, unknown, refused, not done
        self.tokens = {}  # token -> [expires at (monotonic), released by its owner?]
        self.classic_leftovers = set()  # (login, page): a form's lock may be left
        self.events = collections.Counter()
        self.errors = collections.Counter()  # 5xx answers by status and error type
        self.samples = collections.defaultdict(list)  # odd answers, a few of each
        self.kill = {}
        self.markers = itertools.count(1)
        self.pages = list(DEMO_PAGES)
        self.start = self.deadline = None
        self.stopping = threading.Event()

    def marker(self, login):
        with self.lock:
            return f"m{next(self.markers):06d}-{login}"

    def count(self, event, sample=None):
        with self.lock:
            self.events[event] += 1
            if sample is not None and len(self.samples[event]) < 5:
                self.samples[event].append(sample)

    def record(self, kind, method, instance, outcome, start, end, retry_after=False, body=""):
        entry = {
            "kind": kind,
            "method": method,
            "instance": instance,
            "outcome": outcome,
            "start": start,
            "end": end,
            "retry_after": retry_after,
        }
        with self.lock:
            self.records.append(entry)
            if isinstance(outcome, int) and outcome >= 500:
                key = f"{outcome} {method} {kind}"
                if len(self.samples[key]) < 5:
                    self.samples[key].append(body[:500])
                self.errors[f"{outcome} {error_type(body)}"] += 1

    def note_lock(self, token, timeout):
        with self.lock:
            self.tokens[token] = [time.monotonic() + timeout, False]

    def note_released(self, token):
        with self.lock:
            if token in self.tokens:
                self.tokens[token][1] = True

    def note_save(self, login, flow, writes, outcome, start, end, trail=()):
        """``writes``: (target, mode, value); mode ``ledger`` (the value
        must be there) or ``last`` (the last acknowledged value must be).
        ``trail``: the flow's requests (the list goes on growing until the
        flow ends: its release is there too), to tell what happened to a
        lost save. Refused saves are noted too: a value found where an
        acknowledged one should be may be theirs."""
        with self.lock:
            self.saves.append(
                {
                    "login": login,
                    "flow": flow,
                    "writes": writes,
                    "outcome": outcome,
                    "start": start,
                    "end": end,
                    "trail": trail,
                }
            )

    def in_kill_window(self, record):
        """Whether a request overlapped the kill window (from the kill until
        the killed instance answered again)."""
        start = self.kill.get("start")
        if start is None or record["end"] < start:
            return False
        end = self.kill.get("end")
        return end is None or record["start"] <= end


class Editor(threading.Thread):
    def __init__(self, soak, login, password, home, seed):
        super().__init__(name=login, daemon=True)
        self.soak = soak
        self.login = login
        self.home = home
        self.random = random.Random(seed)
        self.sessions = []
        for _url in soak.cluster.urls:
            session = requests.Session()
            session.auth = (login, password)
            self.sessions.append(session)
        self.avoid_until = 0.0
        self.trail = []  # the current flow's requests: "POST lock @2 200 at 41.2 s"

    # HTTP, with failover to the other instance and 503 retries

    def pick(self):
        if time.monotonic() < self.avoid_until:
            return 1 - self.home
        return self.home

    def call(self, kind, method, path, *, api=True, idempotent=False, **kwargs):
        """The answer, None (never sent) or UNKNOWN (sent, no answer)."""
        headers = {**(JSON if api else {}), **kwargs.pop("headers", {})}
        kwargs.setdefault("timeout", TIMEOUT)
        busy = 0
        for _attempt in range(40):
            instance = self.pick()
            url = f"{self.soak.cluster.urls[instance]}/{path}"
            start = time.monotonic()
            try:
                response = self.sessions[instance].request(method, url, headers=headers, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as error:
                end = time.monotonic()
                unsent = isinstance(error, requests.ConnectTimeout) or (
                    isinstance(error, requests.ConnectionError) and not_sent(error)
                )
                outcome = (
                    "refused"
                    if unsent
                    else ("timeout" if isinstance(error, requests.Timeout) else "reset")
                )
                self.soak.record(kind, method, instance, outcome, start, end)
                self.note_request(kind, method, instance, outcome, start)
                if instance == self.home:
                    self.avoid_until = time.monotonic() + 2
                if unsent or idempotent:
                    time.sleep(0.25)
                    continue
                return UNKNOWN
            end = time.monotonic()
            self.note_request(kind, method, instance, response.status_code, start)
            retry_after = response.headers.get("Retry-After")
            self.soak.record(
                kind,
                method,
                instance,
                response.status_code,
                start,
                end,
                retry_after=retry_after is not None,
                body=response.text if response.status_code >= 500 else "",
            )
            if response.status_code == 503 and retry_after is not None and busy < MAX_503_RETRIES:
                busy += 1
                with contextlib.suppress(ValueError):
                    time.sleep(min(float(retry_after), 10) + self.random.random())
                continue
            return response
        return None

    def note_request(self, kind, method, instance, outcome, start):
        at = start - (self.soak.start or start)
        self.trail.append(f"{method} {kind} @{instance + 1} {outcome} at {at:.2f} s")

    def note_save(self, flow, writes, outcome, start, end):
        self.soak.note_save(self.login, flow, writes, outcome, start, end, self.trail)

    def answered(self, response):
        return response is not None and response is not UNKNOWN

    def think(self, low=0.2, high=1.5):
        time.sleep(self.random.uniform(low, high))

    # What editors do

    def run(self):
        flows, weights = zip(*FLOWS, strict=True)
        while time.monotonic() < self.soak.deadline and not self.soak.stopping.is_set():
            flow = self.random.choices(flows, weights)[0]
            self.trail = []
            page = self.random.choice(self.soak.pages)
            try:
                getattr(self, flow)(page)
            except Exception as error:  # a bug in the soak itself: say so, go on
                self.soak.count("soak client error", f"{flow} {page}: {error!r}")
            self.think(0.3, 2.0)

    def text_blocks(self, page):
        response = self.call("get", "GET", f"{SITE}/{page}", idempotent=True)
        if not self.answered(response) or response.status_code != 200:
            return None, []
        data = response.json()
        blocks = data.get("blocks") or {}
        ids = [
            block
            for block in data.get("blocks_layout", {}).get("items", [])
            if blocks.get(block, {}).get("@type") == "slate"
        ]
        return data, ids

    def block_value(self, block, marker, merge):
        """The block with a new text, and the marker added to its ledger:
        for a merge patch, only what changes (the ledger merges)."""
        text = f"{self.login} wrote {marker}."
        changed = {"plaintext": text, "value": [{"type": "p", "children": [{"text": text}]}]}
        if merge:
            changed["soak"] = {marker: self.login}
        else:
            ledger = {**(block.get("soak") or {}), marker: self.login}
            changed = {**block, **changed, "soak": ledger}
        return changed, text

    def take(self, page, body, kind="lock"):
        """POST @lock; the token if we got the lock."""
        response = self.call(kind, "POST", f"{SITE}/{page}/@lock", json=body)
        timeout = body.get("timeout", 600)
        if response is UNKNOWN:
            self.soak.note_lock(f"unknown-{self.soak.marker(self.login)}", timeout)
            return None
        if not self.answered(response) or response.status_code != 200:
            return None
        token = response.json().get("token")
        if token:
            self.soak.note_lock(token, timeout)
        return token

    def release(self, page, token, fragment=None):
        path = f"{SITE}/{page}/@lock" + (f"/{fragment}" if fragment else "")
        response = self.call("unlock", "DELETE", path, headers={"Lock-Token": token})
        if self.answered(response) and response.ok:
            self.soak.note_released(token)
        elif self.answered(response) and response.status_code == 409:
            self.soak.count(f"release: lock gone ({reason(response)})")

    def volto(self, page, block=None):
        data, ids = self.text_blocks(page)
        if not ids:
            return
        block = block if block in ids else self.random.choice(ids)
        fragment = f"blocks/{block}"
        body = {"fragments": [fragment], "timeout": LOCK_TIMEOUT}
        if self.random.random() < 0.1:
            body["stealable"] = False
        token = self.take(page, body)
        if token is None:
            self.soak.count("volto: block held by someone else")
            return
        data, _ids = self.text_blocks(page)  # what the block holds now
        if data is None:
            return
        self.think(0.5, 3.0)  # typing
        marker = self.soak.marker(self.login)
        changed, text = self.block_value(data["blocks"][block], marker, merge=True)
        start = time.monotonic()
        response = self.call(
            "save",
            "PATCH",
            f"{SITE}/{page}",
            data=json.dumps({"blocks": {block: changed}}),
            headers={
                "Content-Type": "application/merge-patch+json",
                "Lock-Token": token,
                "X-Plone-Unlock": "true",
            },
        )
        self.saved(
            response,
            "volto",
            start,
            [
                ((page, block), "ledger", marker),
                ((page, block, "text"), "last", text),
            ],
        )
        if self.answered(response) and response.status_code == 204:
            self.soak.note_released(token)
        elif response is not UNKNOWN:
            self.release(page, token)

    def saved(self, response, flow, start, writes):
        end = time.monotonic()
        if response is UNKNOWN:
            self.note_save(flow, writes, "unknown", start, end)
        elif self.answered(response) and 200 <= response.status_code < 300:
            self.note_save(flow, writes, "acknowledged", start, end)
        elif response is not None:
            self.soak.count(f"{flow}: save refused ({response.status_code})")
            self.note_save(flow, writes, f"refused ({response.status_code})", start, end)

    def whole(self, page):
        token = self.take(page, {"timeout": LOCK_TIMEOUT})
        if token is None:
            self.soak.count("whole: item held by someone else")
            return
        data, ids = self.text_blocks(page)
        if not ids:
            self.release(page, token)
            return
        self.think(0.5, 3.0)
        marker = self.soak.marker(self.login)
        block = self.random.choice(ids)
        blocks = dict(data["blocks"])
        blocks[block], text = self.block_value(blocks[block], marker, merge=False)
        description = f"Description by {self.login}: {marker}"
        start = time.monotonic()
        response = self.call(
            "save",
            "PATCH",
            f"{SITE}/{page}",
            json={"description": description, "blocks": blocks},
            headers={"Lock-Token": token},
        )
        self.saved(
            response,
            "whole",
            start,
            [
                ((page, block), "ledger", marker),
                ((page, block, "text"), "last", text),
                ((page, "description"), "last", description),
            ],
        )
        if response is not UNKNOWN:
            self.release(page, token)

    def classic(self, page):
        url = f"{SITE}/{page}/@@edit"
        self.soak.classic_leftovers.add((self.login, page))
        form = self.call("classic", "GET", url, api=False, idempotent=True)
        if not self.answered(form) or form.status_code != 200:
            return
        if not form.url.endswith("/@@edit") or "form.buttons.save" not in form.text:
            self.soak.count("classic: item held by someone else")
            self.soak.classic_leftovers.discard((self.login, page))
            return
        fields, action = edit_form(form.text)
        if action is None:
            self.soak.count("classic: no edit form on the page", form.text[:500])
            return
        names = [name for name, _value in fields]
        description_field = "form.widgets.IDublinCore.description"
        if description_field not in names:
            self.soak.count("classic: description held by someone else")
            self.cancel(action, fields, page)
            return
        self.think(0.5, 3.0)
        marker = self.soak.marker(self.login)
        description = f"Classic description by {self.login}: {marker}"
        fields = [
            [name, description if name == description_field else value] for name, value in fields
        ]
        start = time.monotonic()
        response = self.call(
            "classic",
            "POST",
            action,
            api=False,
            allow_redirects=False,
            data=[*fields, ("form.buttons.save", "Save")],
        )
        ok = self.answered(response) and response.status_code == 302 and saved_message(response)
        if ok:
            self.note_save(
                "classic",
                [((page, "description"), "last", description)],
                "acknowledged",
                start,
                time.monotonic(),
            )
            self.soak.classic_leftovers.discard((self.login, page))
        elif response is UNKNOWN:
            self.note_save(
                "classic",
                [((page, "description"), "last", description)],
                "unknown",
                start,
                time.monotonic(),
            )
        elif response is not None:
            self.soak.count(f"classic: save not done ({response.status_code})")
            self.note_save(
                "classic",
                [((page, "description"), "last", description)],
                f"not done ({response.status_code})",
                start,
                time.monotonic(),
            )
            self.cancel(action, fields, page)
        for session in self.sessions:
            session.cookies.clear()

    def cancel(self, action, fields, page):
        authenticator = dict(fields).get("_authenticator", "")
        response = self.call(
            "classic",
            "POST",
            action,
            api=False,
            allow_redirects=False,
            data={"_authenticator": authenticator, "form.buttons.cancel": "Cancel"},
        )
        if self.answered(response) and response.status_code in (200, 302):
            self.soak.classic_leftovers.discard((self.login, page))

    def steal(self, page):
        response = self.call("lock info", "GET", f"{SITE}/{page}/@lock", idempotent=True)
        if not self.answered(response) or response.status_code != 200:
            return
        info = response.json()
        candidates = [
            name
            for name, lock in (info.get("fragments") or {}).items()
            if lock.get("creator") != self.login and lock.get("stealable")
        ]
        if info.get("locked") and info.get("creator") not in (None, self.login):
            candidates.append(None)  # the resource lock
        if not candidates:
            self.soak.count("steal: nothing to steal")
            return
        fragment = self.random.choice(candidates)
        path = f"{SITE}/{page}/@lock" + (f"/{fragment}" if fragment else "")
        response = self.call("steal", "DELETE", path, json={"force": True})
        if not self.answered(response):
            return
        if response.status_code != 200:
            self.soak.count(f"steal: refused ({response.status_code})")
            return
        after = response.json()
        if fragment is None:
            still = after.get("locked") and after.get("creator") not in (None, self.login)
        else:
            held = (after.get("fragments") or {}).get(fragment)
            still = held is not None and held.get("creator") != self.login
        self.soak.count("steal: refused (not stealable now)" if still else "steal: stolen")
        if not still and fragment and fragment.startswith("blocks/"):
            self.volto(page, block=fragment.split("/", 1)[1])  # and edit what was stolen

    def expire(self, page):
        _data, ids = self.text_blocks(page)
        if not ids:
            return
        fragment = f"blocks/{self.random.choice(ids)}"
        timeout = self.random.randint(2, 5)
        token = self.take(page, {"fragments": [fragment], "timeout": timeout})
        if token is None:
            return
        time.sleep(timeout + 1.5)  # walks away
        response = self.call("lock info", "GET", f"{SITE}/{page}/@lock", idempotent=True)
        if self.answered(response) and response.status_code == 200:
            held = (response.json().get("fragments") or {}).get(fragment)
            if held is not None and held.get("creator") == self.login:
                self.soak.count("expire: expired lock still listed", f"{page} {fragment}")
            else:
                self.soak.count("expire: lock gone after its timeout")
        response = self.call(
            "unlock", "DELETE", f"{SITE}/{page}/@lock", headers={"Lock-Token": token}
        )
        if self.answered(response):
            self.soak.count(
                f"expire: release of the expired token: {response.status_code} {reason(response)}"
            )


class Administrator(Editor):
    """Bulk releases with filters, and listings, now and then."""

    def run(self):
        filters = [
            lambda: {"creator": self.random.choice(self.soak.logins)},
            lambda: {"kind": "fragment", "stealable": "true"},
            lambda: {"kind": "resource"},
            lambda: {
                "expires_before": (now_utc() + datetime.timedelta(seconds=30)).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                )
            },
        ]
        while time.monotonic() < self.soak.deadline and not self.soak.stopping.is_set():
            time.sleep(self.random.uniform(8, 20))
            self.listing()
            query = self.random.choice(filters)()
            response = self.call("bulk release", "DELETE", f"{FOLDER}/@locks", params=query)
            if self.answered(response) and response.status_code == 200:
                body = response.json()
                self.soak.count("admin: bulk releases")
                with self.soak.lock:
                    self.soak.events["admin: locks released in bulk"] += len(body["released"])
                    self.soak.events["admin: refused in bulk"] += len(body["refused"])

    def listing(self):
        response = self.call(
            "listing", "GET", f"{SITE}/@locks", params={"b_size": 1000}, idempotent=True
        )
        if not self.answered(response) or response.status_code != 200:
            return []
        items = response.json()["items"]
        moment = now_utc() - datetime.timedelta(seconds=2)  # `expires` is in whole seconds
        for item in items:
            if parse_time(item["expires"]) < moment:
                self.soak.count("admin: expired lock listed", item)
        return items


def kill_and_watch(soak, at):
    """Kill instance 2 at ``at`` (monotonic); the kill window ends when it
    answers again. Then the rejoin check."""
    cluster = soak.cluster
    while time.monotonic() < at:
        if soak.stopping.wait(0.2):
            return
    soak.kill["old_pid"] = cluster.kill_instance(1)
    soak.kill["start"] = time.monotonic()
    checker = Editor(soak, "soak-checker", "soak-checker-secret", 0, 0)
    token = page = None
    for candidate in itertools.cycle(soak.pages):  # a lock taken while it is down
        if time.monotonic() > soak.kill["start"] + 30:
            break
        # not stealable: the editors' steals and the bulk releases leave it
        lock = {"fragments": ["title"], "timeout": 120, "stealable": False}
        token = checker.take(candidate, lock, "check")
        if token:
            page = candidate
            break
        time.sleep(0.2)
    url = f"{cluster.urls[1]}/{SITE}"
    while True:
        try:
            requests.get(url, timeout=5)
            soak.kill["end"] = time.monotonic()
            break
        except requests.RequestException:
            if time.monotonic() > soak.kill["start"] + 300:
                soak.kill["end"] = None
                return
            time.sleep(0.25)
    soak.kill["seconds"] = soak.kill["end"] - soak.kill["start"]
    soak.kill["new_pid"] = cluster.instance_pid(1)
    soak.kill["state"] = cluster.instance_state(1)
    if token is None:
        soak.kill["rejoined"] = False
        soak.kill["why"] = "no lock could be taken on instance 1 to check with"
        return
    checker.home, checker.avoid_until = 1, 0
    seen = checker.call("check", "GET", f"{SITE}/{page}/@lock", idempotent=True)
    other = Editor(soak, soak.logins[0], f"{soak.logins[0]}-secret", 1, 1)
    refused = other.call("check", "PATCH", f"{SITE}/{page}", json={"title": "Not mine"})
    allowed = checker.call(
        "check",
        "PATCH",
        f"{SITE}/{page}",
        json={"title": f"Checked {page}"},
        headers={"Lock-Token": token},
    )
    released = checker.call(
        "check", "DELETE", f"{SITE}/{page}/@lock", headers={"Lock-Token": token}
    )

    def status(response):
        return response.status_code if checker.answered(response) else repr(response)

    holder = (
        ((seen.json().get("fragments") or {}).get("title") or {}).get("creator")
        if status(seen) == 200
        else None
    )
    soak.kill["rejoin"] = {
        "lock seen by instance 2": holder == "soak-checker",
        "other's write refused by instance 2": status(refused) == 403,
        "holder's write allowed by instance 2": status(allowed) == 204,
        "released through instance 2": status(released) == 200,
    }
    soak.kill["rejoin statuses"] = [page, holder, *map(status, (seen, refused, allowed, released))]
    soak.kill["rejoined"] = all(soak.kill["rejoin"].values())
    if checker.answered(released) and released.ok:
        soak.note_released(token)


def setup(soak):
    cluster = soak.cluster
    admin = requests.Session()
    admin.auth = ADMIN
    admin.headers.update(JSON)
    base = cluster.urls[0]
    for login in [*soak.logins, "soak-checker"]:
        response = admin.post(
            f"{base}/{SITE}/@users",
            json={
                "username": login,
                "password": f"{login}-secret",
                "roles": ["Editor"],
                "email": f"{login}@example.org",
            },
            timeout=TIMEOUT,
        )
        response.raise_for_status()
    for number in range(1, EXTRA_PAGES + 1):
        blocks = {"title": {"@type": "title"}}
        for block in range(1, EXTRA_BLOCKS + 1):
            text = f"Paragraph {block} of soak page {number}."
            blocks[f"text-{block}"] = {
                "@type": "slate",
                "plaintext": text,
                "value": [{"type": "p", "children": [{"text": text}]}],
            }
        response = admin.post(
            f"{base}/{FOLDER}",
            json={
                "@type": "Document",
                "id": f"soak-{number}",
                "title": f"Soak page {number}",
                "description": "",
                "blocks": blocks,
                "blocks_layout": {"items": list(blocks)},
            },
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        soak.pages.append(f"demo/soak-{number}")


def release_leftovers(soak):
    """Editors close the classic forms that a failed request left open."""
    for login, page in sorted(soak.classic_leftovers):
        editor = Editor(soak, login, f"{login}-secret", 0, 0)
        editor.call("cleanup", "DELETE", f"{SITE}/{page}/@lock", idempotent=True)


def locks_after_expiry(soak, longest=LOCK_TIMEOUT + 10):
    """``GET @locks`` once the locks listed after the run have expired
    (waiting at most ``longest`` s): what it still lists past its expiry is
    left after its expiry; what it lists before (a lock of a longer timeout
    that no one released) is still held."""
    admin = Administrator(soak, "admin", "admin", 0, 0)
    listed = admin.listing()
    if listed:
        ends = max(parse_time(item["expires"]) for item in listed)
        wait = (ends - now_utc()).total_seconds() + 2
        print(f"soak: {len(listed)} locks listed after the run; waiting {wait:.0f} s", flush=True)
        time.sleep(min(max(wait, 0), longest))
        listed = admin.listing()
    moment = now_utc()
    left = [item for item in listed if parse_time(item["expires"]) <= moment]
    return left, len(listed) - len(left)


def verify(soak):
    """Every acknowledged save against what the pages hold now."""
    stored = {}
    differ = []
    for page in soak.pages:
        answers = []
        for url in soak.cluster.urls:
            response = requests.get(
                f"{url}/{SITE}/{page}", auth=ADMIN, headers=JSON, timeout=TIMEOUT
            )
            response.raise_for_status()
            answers.append(response.json())
        first = answers[0]
        if any(
            (a["description"], a["blocks"]) != (first["description"], first["blocks"])
            for a in answers[1:]
        ):
            differ.append(page)
        stored[page] = first

    def value(target):
        page = stored[target[0]]
        if target[1] == "description":
            return page["description"]
        block = page["blocks"].get(target[1]) or {}
        return block.get("plaintext") if len(target) == 3 else block.get("soak") or {}

    acknowledged = [save for save in soak.saves if save["outcome"] == "acknowledged"]
    unknown = [save for save in soak.saves if save["outcome"] == "unknown"]
    last = {}
    for save in sorted(acknowledged, key=lambda save: save["end"]):
        for target, mode, written in save["writes"]:
            if mode == "last":
                last[target] = (save, written)
    ok_writes = {}
    notes = collections.Counter()
    for target, (save, written) in last.items():
        now = value(target)
        if now == written:
            ok_writes[target] = True
            continue
        overlapping = [
            other
            for other in acknowledged
            if other is not save
            and other["end"] > save["start"]
            and any(t == target and w == now for t, _m, w in other["writes"])
        ]
        later_unknown = [
            other
            for other in unknown
            if other["start"] >= save["start"]
            and any(t == target and w == now for t, _m, w in other["writes"])
        ]
        if overlapping:
            notes["last value: two saves overlapped, the other one won"] += 1
        elif later_unknown:
            notes["last value: overwritten by a save whose answer was lost"] += 1
        ok_writes[target] = bool(overlapping or later_unknown)
    found = 0
    lost = []
    for save in acknowledged:
        ok = True
        for target, mode, written in save["writes"]:
            if mode == "ledger":
                ok = ok and written in value(target)
            elif last[target][0] is save:
                ok = ok and ok_writes[target]
        if ok:
            found += 1
        elif len(lost) < 20:
            lost.append(
                {
                    **{key: save[key] for key in ("login", "flow", "writes", "trail")},
                    "now": [
                        held_now(soak, target, mode, value(target))
                        for target, mode, _w in save["writes"]
                    ],
                }
            )
    by_flow = collections.Counter(save["flow"] for save in acknowledged)
    return {
        "saves acknowledged": len(acknowledged),
        "saves found": found,
        "saves acknowledged by flow": dict(by_flow),
        "saves with no answer (connection lost)": len(unknown),
        "lost saves (first 20)": lost,
        "notes": dict(notes),
        "pages differing between the instances": differ,
    }


def held_now(soak, target, mode, now):
    """What a lost save's target holds now, and which save (of any outcome)
    wrote that: the way to tell a lost write from an overwritten one."""
    if mode == "ledger":
        return f"{target}: ledger of {len(now)} markers, last {sorted(now)[-1:] or 'none'}"
    begun = soak.start or 0
    writers = [
        f"{save['login']} {save['flow']} {save['outcome']} "
        f"{save['start'] - begun:.2f}-{save['end'] - begun:.2f} s"
        for save in soak.saves
        if any(t == target and w == now for t, _m, w in save["writes"])
    ]
    return f"{target}: {str(now)[:80]!r}, written by {writers or 'no save of the run'}"


def summarize(soak, verified, locks_left, seconds_run):
    records = soak.records
    statuses = collections.Counter(str(record["outcome"]) for record in records)
    answered = [r for r in records if isinstance(r["outcome"], int)]
    errors = [r for r in records if not isinstance(r["outcome"], int)]
    five = [
        r
        for r in answered
        if r["outcome"] >= 500 and not (r["outcome"] == 503 and r["retry_after"])
    ]
    latencies = collections.defaultdict(list)
    for record in answered:
        milliseconds = (record["end"] - record["start"]) * 1000
        latencies["all"].append(milliseconds)
        latencies[record["kind"]].append(milliseconds)
    kill = {
        key: soak.kill.get(key)
        for key in (
            "old_pid",
            "new_pid",
            "state",
            "seconds",
            "rejoined",
            "rejoin",
            "why",
            "rejoin statuses",
        )
    }
    for key in ("start", "end"):  # seconds into the run, as in the lost saves' trails
        if soak.kill.get(key) is not None and soak.start is not None:
            kill[f"{key}s at"] = round(soak.kill[key] - soak.start, 2)
    result = {
        "seconds": seconds_run,
        "editors": len(soak.logins),
        "requests": len(records),
        "statuses": dict(sorted(statuses.items())),
        **verified,
        "locks left after expiry": len(locks_left),
        "locks left (first 10)": locks_left[:10],
        "expired locks listed during the run": soak.events["admin: expired lock listed"]
        + soak.events["expire: expired lock still listed"],
        "5xx outside the kill window": sum(not soak.in_kill_window(r) for r in five),
        "5xx in the kill window": sum(soak.in_kill_window(r) for r in five),
        "5xx by type": dict(soak.errors),
        "500 ConflictError": soak.errors["500 ConflictError"],
        "503 with Retry-After": sum(r["outcome"] == 503 and r["retry_after"] for r in answered),
        "connection errors in the kill window": sum(soak.in_kill_window(r) for r in errors),
        "connection errors outside the kill window": sum(
            not soak.in_kill_window(r) for r in errors
        ),
        "kill": kill,
        "latency ms": {
            kind: {
                "p50": round(percentile(values, 0.5)),
                "p95": round(percentile(values, 0.95)),
                "max": round(max(values)),
                "n": len(values),
            }
            for kind, values in sorted(latencies.items())
        },
        "events": dict(sorted(soak.events.items())),
        "5xx samples": {key: value for key, value in soak.samples.items() if key[:1] == "5"},
        "odd samples": {key: value for key, value in soak.samples.items() if key[:1] != "5"},
    }
    musts = {
        "saves acknowledged == saves found": result["saves acknowledged"] == result["saves found"],
        "locks left after expiry == 0": result["locks left after expiry"] == 0,
        "expired locks listed during the run == 0": result["expired locks listed during the run"]
        == 0,
        "5xx outside the kill window == 0": result["5xx outside the kill window"] == 0,
        "connection errors outside the kill window == 0": result[
            "connection errors outside the kill window"
        ]
        == 0,
        "the killed instance came back and serves the locks": bool(kill["rejoined"]),
        "both instances show the same pages": not verified["pages differing between the instances"],
        "no error in the soak client": soak.events["soak client error"] == 0,
    }
    result["musts"] = musts
    result["passed"] = all(musts.values())
    return result


def report(result):
    lines = [
        f"soak: {result['editors']} editors, {result['seconds']:.0f} s, "
        f"{result['requests']} requests, seed {result.get('seed')} (--seed replays the "
        "editors' choices; the timing differs)",
        "  statuses:                   "
        + ", ".join(f"{key}: {value}" for key, value in result["statuses"].items()),
        f"  saves acknowledged:         {result['saves acknowledged']} "
        f"({', '.join(f'{k} {v}' for k, v in result['saves acknowledged by flow'].items())})",
        f"  saves found:                {result['saves found']}",
        f"  saves with no answer:       {result['saves with no answer (connection lost)']}",
        f"  locks left after expiry:    {result['locks left after expiry']}"
        f" (still held at the end: {result['locks still held at the end']})",
        f"  expired locks listed:       {result['expired locks listed during the run']}",
        f"  5xx outside kill window:    {result['5xx outside the kill window']}"
        f" (in it: {result['5xx in the kill window']};"
        f" by type: {result['5xx by type'] or 'none'})",
        f"  503 with Retry-After:       {result['503 with Retry-After']}",
        f"  connection errors:          {result['connection errors in the kill window']} in the "
        f"kill window, {result['connection errors outside the kill window']} outside",
    ]
    kill = result["kill"]
    if kill.get("seconds") is not None:
        lines.append(
            f"  kill window:                {kill['seconds']:.1f} s (pid {kill['old_pid']} killed, "
            f"{kill['new_pid']} {kill['state']}), rejoined: {kill['rejoined']}; "
            f"from {kill.get('starts at')} s to {kill.get('ends at')} s into the run"
        )
    else:
        lines.append(f"  kill window:                {kill}")
    latency = result["latency ms"]
    lines.append(
        f"  latency (ms):               p50 {latency['all']['p50']}, "
        f"p95 {latency['all']['p95']}, max {latency['all']['max']}"
    )
    for kind, figures in latency.items():
        if kind != "all":
            lines.append(
                f"    {kind:<24} p50 {figures['p50']:>5}, p95 {figures['p95']:>5}, "
                f"max {figures['max']:>6}  (n={figures['n']})"
            )
    lines.append("  events:")
    lines.extend(f"    {key}: {value}" for key, value in result["events"].items())
    if result["notes"]:
        lines.append(f"  notes: {result['notes']}")
    for save in result["lost saves (first 20)"]:
        lines.append(f"  lost: {save['login']} {save['flow']} {save['writes']}")
        lines.extend(f"    {request}" for request in save["trail"])
        lines.extend(f"    now {held}" for held in save["now"])
    lines.append("  musts:")
    lines.extend(f"    {'ok  ' if ok else 'FAIL'} {name}" for name, ok in result["musts"].items())
    return "\n".join(lines)


def keep_logs(root, target):
    """A failed soak's logs (ZEO's, the instances' event and access logs),
    kept beside its figures when the cluster is wiped."""
    for log in root.rglob("*.log"):
        copy = target / log.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(log, copy)
    print(f"soak: logs kept in {target}", flush=True)


def run(args):
    result = None
    root = Path(tempfile.mkdtemp(prefix="soak-", dir=PROJECT / "var"))
    free = cluster_module.free_port
    cluster = cluster_module.Cluster(root, db="zeo", ports=(free(), free()), db_port=free())
    soak = Soak(cluster, args.seconds, args.editors)
    try:
        print(f"soak: starting a ZEO cluster under {root}", flush=True)
        started = time.monotonic()
        cluster.start()
        setup(soak)
        print(
            f"soak: cluster up and site ready in {time.monotonic() - started:.0f} s; "
            f"{args.editors} editors for {args.seconds} s on {', '.join(cluster.urls)}",
            flush=True,
        )
        soak.start = time.monotonic()
        soak.deadline = soak.start + args.seconds
        editors = [
            Editor(soak, login, f"{login}-secret", number % 2, args.seed + number)
            for number, login in enumerate(soak.logins)
        ]
        administrator = Administrator(soak, "admin", "admin", 0, args.seed - 1)
        killer = threading.Thread(
            target=kill_and_watch,
            args=(soak, soak.start + args.kill_at * args.seconds),
            daemon=True,
        )
        for thread in (*editors, administrator, killer):
            thread.start()
        for thread in (*editors, administrator):
            thread.join()
        killer.join(330)
        seconds_run = time.monotonic() - soak.start
        print("soak: editors done; settling, then waiting for their locks to expire", flush=True)
        time.sleep(args.settle)
        release_leftovers(soak)
        locks_left, still_held = locks_after_expiry(soak)
        verified = verify(soak)
        result = summarize(soak, verified, locks_left, seconds_run)
        result["locks still held at the end"] = still_held
        result["setup seconds"] = round(soak.start - started, 1)
        result["total seconds"] = round(time.monotonic() - started, 1)
        return result
    finally:
        soak.stopping.set()
        if result is None or not result["passed"]:
            keep_logs(root, args.json.parent / f"{args.json.stem}-logs")
        print("soak: wiping the cluster", flush=True)
        if args.keep:
            cluster.stop()
        else:
            cluster.wipe()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=600, help="how long the editors edit")
    parser.add_argument("--editors", type=int, default=8)
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.4,
        help="when to kill instance 2, as a fraction of the run",
    )
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before the checks")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--json", type=Path, default=PROJECT / "var" / "soak.json")
    parser.add_argument("--keep", action="store_true", help="stop the cluster, do not wipe it")
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = random.randrange(1, 10**6)
    (PROJECT / "var").mkdir(exist_ok=True)

    def on_sigterm(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        result = run(args)
    except KeyboardInterrupt:
        print("soak: interrupted", file=sys.stderr)
        return 130
    except cluster_module.ClusterError as error:
        print(f"soak: {error}", file=sys.stderr)
        return 2
    result["seed"] = args.seed
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(report(result))
    print(f"soak: {'passed' if result['passed'] else 'FAILED'} (figures in {args.json})")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
