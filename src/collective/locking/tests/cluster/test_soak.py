"""The soak test, short: ``scripts/soak.py`` for SOAK_SECONDS (default 90)
with eight editors on a two-instance ZEO cluster, one instance killed with
SIGKILL on the way, and its figures checked here from its JSON (about four
minutes on two cores: the cluster's setup, the run, the wait for the locks
left behind to expire)."""

from pathlib import Path
from scripts import soak as soak_module
from types import SimpleNamespace

import json
import os
import subprocess
import sys


PROJECT = Path(__file__).parents[5]
SECONDS = int(os.environ.get("SOAK_SECONDS", "90"))


def test_the_check_counts_a_lost_save(monkeypatch):
    """The end check of the soak, on made-up saves: a marker missing from
    its block's ledger, or a last value that is not the stored one, is a
    save not found; an overwritten value is found."""
    stored = {"description": "second", "blocks": {"b": {"plaintext": "t2", "soak": {"m1": 1}}}}
    answer = SimpleNamespace(json=lambda: stored, raise_for_status=lambda: None)
    monkeypatch.setattr(soak_module.requests, "get", lambda *args, **kwargs: answer)
    soak = soak_module.Soak(SimpleNamespace(urls=["http://a", "http://b"]), 1, 1)
    soak.pages = ["page"]

    def save(start, writes):
        soak.note_save("e", "volto", writes, "acknowledged", start, start + 1)

    save(0, [(("page", "b"), "ledger", "m1"), (("page", "b", "text"), "last", "t1")])
    save(2, [(("page", "b"), "ledger", "m2"), (("page", "b", "text"), "last", "t2")])
    save(4, [(("page", "description"), "last", "first")])
    save(6, [(("page", "description"), "last", "second")])
    result = soak_module.verify(soak)
    assert (result["saves acknowledged"], result["saves found"]) == (4, 3)
    lost = result["lost saves (first 20)"][0]
    assert lost["writes"][0][2] == "m2"
    # What the lost save's fields hold now, and which save wrote it.
    assert lost["now"] == [
        "('page', 'b'): ledger of 1 markers, last ['m1']",
        "('page', 'b', 'text'): 't2', written by ['e volto acknowledged 2.00-3.00 s']",
    ]
    stored["description"] = "first"  # the last acknowledged value is gone
    assert soak_module.verify(soak)["saves found"] == 2


def test_short_soak(tmp_path):
    figures = tmp_path / "soak.json"
    run = subprocess.run(
        [sys.executable, "-m", "scripts.soak", "--seconds", str(SECONDS),
         "--json", str(figures)],
        capture_output=True, text=True, timeout=SECONDS + 900, cwd=PROJECT,
    )  # fmt: skip
    assert figures.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(figures.read_text())
    report = run.stdout[-5000:]  # the printed figures
    # The editors did what they came for, on both instances.
    assert result["saves acknowledged"] > 10, report
    assert set(result["saves acknowledged by flow"]) == {"volto", "whole", "classic"}, report
    assert result["kill"]["seconds"] is not None, report
    assert result["connection errors in the kill window"] > 0, report
    # The musts, one by one so that a failure names its figure.
    assert result["saves found"] == result["saves acknowledged"], report
    assert result["locks left after expiry"] == 0, report
    assert result["expired locks listed during the run"] == 0, report
    assert result["5xx outside the kill window"] == 0, report
    assert result["connection errors outside the kill window"] == 0, report
    assert result["kill"]["rejoined"] is True, report
    assert result["pages differing between the instances"] == [], report
    assert result["passed"] is True and run.returncode == 0, report
