"""collective.locking against stock plone.restapi, measured side by side.

    make bench                               # all of it (about 25 minutes)
    .venv/bin/python -m benchmarks.bench --rounds 3 --duration 3 --only get_lock

One Zope instance (``var/bench``) holds two sites made alike: ``addon``,
with collective.locking, and ``stock``, without it (its ZCML is loaded in the
instance all the same, as on any server that runs both). Each benchmark runs
the same load with wrk against both, in alternating rounds (stock first in
odd rounds, the add-on first in even ones), and reports the median of the
rounds' requests per second and the median of the rounds' ratios (each
round runs the two variants one right after the other). Comparisons within the add-on
(20 fragment locks against none, 8 fields of one item against 8 items, the
lock listing against a search) are alternated the same way. Then the core
operations again, through a ZEO cluster of two instances.

Loopback only, bounded: ``--rounds`` x ``--duration`` seconds per variant.
"""

from benchmarks import check_listing
from pathlib import Path
from scripts import cluster as cluster_module

import argparse
import base64
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys


PROJECT = Path(__file__).resolve().parent.parent
BIN = PROJECT / ".venv" / "bin"
ROOT = PROJECT / "var" / "bench"
LUA = PROJECT / "benchmarks" / "wrk" / "request.lua"
RESULTS = ROOT / "results.json"
DOCS_RESULTS = PROJECT / "docs" / "benchmark-results.md"

FIELDS = ["title", "description", "subjects", "language", "rights", "effective", "expires",
          "exclude_from_nav"]  # fmt: skip


def basic(login, password):
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


ALICE = basic("alice", "alice-secret")
ADMIN = basic("admin", "admin")


def client(number):
    return basic(f"client{number}", f"client{number}-secret")


#: The target of the stock operations but the content PATCH (issue 17: at
#: least 0.97x stock; the PATCH with its token, at least 1.0x).
STOCK = 0.97

# What to measure: (name, what it is, target, variants). A variant is
# (label, site, wrk settings); the ratio compares the second to the first.


def benchmarks(tokens, listing=10000):
    def lock_cycle(site, page, threads=1):
        # Items for two instances: each instance's clients cycle on their own.
        return {
            "method": "CYCLE",
            "threads": threads,
            "paths": [f"/{site}/{page}-{n}/@lock" for n in range(1, 2 * threads + 1)],
            "auth": ALICE,
        }

    def fragment_cycle(site, pages, fields, users):
        return {
            "method": "CYCLE",
            "threads": len(pages),
            "paths": [f"/{site}/{page}/@lock" for page in pages],
            "deletes": [
                f"/{site}/{page}/@lock/{field}" for page, field in zip(pages, fields, strict=True)
            ],
            "bodies": [json.dumps({"fragments": [field]}) for field in fields],
            "auths": [client(user) for user in users],
        }

    def get(site, path, auth=ALICE, threads=2):
        return {"method": "GET", "threads": threads, "paths": [f"/{site}{path}"], "auth": auth}

    def patch(site):
        return {
            "method": "PATCH",
            "threads": 1,
            "paths": [f"/{site}/patch"],
            "body": json.dumps({"description": "Benchmarked"}),
            "auth": ALICE,
            "header": f"Lock-Token: {tokens[site]['patch']}",
        }

    def versus_stock(make):
        return [("stock", make("stock")), ("add-on", make("addon"))]

    return [
        ("get_lock_unlocked", "GET @lock, unlocked item", STOCK,
         versus_stock(lambda site: get(site, "/unlocked/@lock"))),
        ("get_lock_locked", "GET @lock, item locked by another user", STOCK,
         versus_stock(lambda site: get(site, "/locked/@lock"))),
        ("get_content_unlocked", "GET content, unlocked item", STOCK,
         versus_stock(lambda site: get(site, "/unlocked"))),
        ("get_content_locked", "GET content, item locked by another user", STOCK,
         versus_stock(lambda site: get(site, "/locked"))),
        ("lock_cycle", f"POST/DELETE @lock cycle, 4 clients on 4 items ({listing:,} other locks)",
         STOCK, versus_stock(lambda site: lock_cycle(site, "cycle", threads=4))),
        ("patch_with_token", "content PATCH with the lock's token", 1.0,
         versus_stock(patch)),
        # The same load on both sides: how far the machine alone moves a ratio.
        ("noise_floor", "control: content PATCH on the stock site against itself", None,
         [("stock", patch("stock")), ("stock again", patch("stock"))]),
        ("fragment_cycle", "fragment lock and release, free item / every other field locked",
         None, [("free", fragment_cycle("addon", ["free"], ["title"], [1])),
                ("crowded", fragment_cycle("addon", ["crowded"], ["title"], [1]))]),
        ("get_lock_twenty", "GET @lock, unlocked / 20 live fragment locks", 0.8,
         [("unlocked", get("addon", "/unlocked/@lock")),
          ("20 locks", get("addon", "/twenty/@lock"))]),
        ("eight_fields", "8 clients cycling fragment locks: on 8 items / on 8 fields of one item",
         0.9, [("8 items", fragment_cycle("addon", [f"item-{n}" for n in range(1, 9)],
                                          ["title"] * 8, range(1, 9))),
               ("8 fields", fragment_cycle("addon", ["fields"] * 8, FIELDS, range(1, 9)))]),
        ("listing", f"25 items: @search / @locks of {listing:,} live locks", 1.0,
         [("@search", get("addon", "/@search?b_size=25", ADMIN)),
          ("@locks", get("addon", "/@locks?b_size=25", ADMIN))]),
    ]  # fmt: skip


CLUSTER_BENCHMARKS = ("get_lock_unlocked", "lock_cycle", "patch_with_token")


# Running wrk


def run_wrk(urls, settings, duration):
    """wrk against each of ``urls`` at once (one per instance); returns the
    summed requests per second and non-2xx answers."""
    processes = []
    threads = settings["threads"]
    for instance, base in enumerate(urls):
        env = {**os.environ, "BENCH_METHOD": settings["method"]}
        for number in range(1, threads + 1):
            # The clients of the second instance take the next paths, if any.
            at = instance * threads + number - 1
            for key, name in (("paths", "BENCH_PATH"), ("deletes", "BENCH_DELETE"),
                              ("bodies", "BENCH_BODY"), ("auths", "BENCH_AUTH")):  # fmt: skip
                if key in settings:
                    env[f"{name}_{number}"] = settings[key][at % len(settings[key])]
        for key, name in (("auth", "BENCH_AUTH"), ("body", "BENCH_BODY"),
                          ("header", "BENCH_HEADER")):  # fmt: skip
            if key in settings:
                env[name] = settings[key]
        command = [
            "wrk", f"-t{threads}", f"-c{threads}", f"-d{duration}s", "-s", str(LUA), base,
        ]  # fmt: skip
        processes.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True))
    rate, failed = 0.0, 0
    for process in processes:
        output, _ = process.communicate(timeout=duration + 60)
        rate += float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        failed += int(non_2xx.group(1)) if non_2xx else 0
        failed += sum(
            int(count) for count in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
        )
    return rate, failed


def measure(urls, variants, rounds, duration):
    """Alternating rounds; the median rate of each variant, its failures."""
    rates = {label: [] for label, _settings in variants}
    failed = {label: 0 for label, _settings in variants}
    for number in range(rounds):
        ordered = variants if number % 2 == 0 else list(reversed(variants))
        for label, settings in ordered:
            rate, errors = run_wrk(urls, settings, duration)
            rates[label].append(rate)
            failed[label] += errors
    return {
        label: {"median": statistics.median(values), "rounds": values, "non_2xx": failed[label]}
        for label, values in rates.items()
    }


# The instance


def prepare_instance(listing, fresh):
    marker = ROOT / "prepared.json"
    wanted = {"listing": listing}
    if fresh or not marker.exists() or json.loads(marker.read_text()) != wanted:
        if (ROOT / "var").exists():
            subprocess.run(["rm", "-rf", str(ROOT / "var")], check=True)
        configure(cluster_module.free_port())
        make_sites(ROOT / "etc" / "zope.conf", listing, ROOT / "state.json")
        marker.write_text(json.dumps(wanted))
    return json.loads((ROOT / "state.json").read_text())


def make_sites(zope_conf, listing, state):
    """The sites ``addon`` and ``stock``, and ``listing`` locked pages in
    the add-on's; what the benchmarks need to know goes to ``state``."""
    for site_id, skip in (("addon", "0"), ("stock", "1")):
        print(f"bench: creating the site {site_id}", flush=True)
        subprocess.run(
            [str(BIN / "zconsole"), "run", str(zope_conf),
             str(PROJECT / "scripts" / "create_site.py")],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "SITE_ID": site_id, "SKIP_ADDON": skip},
        )  # fmt: skip
    print(f"bench: adding {listing} pages to each site, and locks", flush=True)
    subprocess.run(
        [str(BIN / "zconsole"), "run", str(zope_conf), str(PROJECT / "benchmarks" / "prepare.py")],
        check=True, stderr=subprocess.DEVNULL,
        env={**os.environ, "BENCH_LISTING": str(listing), "BENCH_STATE": str(state)},
    )  # fmt: skip


def configure(port):
    """The instance's configuration (make instance), serving on ``port``."""
    subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "instance.py"), f"--instance={ROOT}",
         f"--port={port}", "--threads=2"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def serve(port):
    configure(port)
    ini = ROOT / "etc" / "zope.ini"
    process = subprocess.Popen(
        [str(BIN / "runwsgi", ), str(ini)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    cluster_module.wait_for_url(f"http://127.0.0.1:{port}/addon", 120)
    return process


def warm_up(urls, selected, duration=2):
    for _name, _title, _target, variants in selected:
        for _label, settings in variants:
            run_wrk(urls, settings, duration)


# The cluster


def start_cluster(tokens_path):
    cluster = cluster_module.Cluster(
        ROOT / "cluster",
        db="zeo",
        ports=(cluster_module.free_port(), cluster_module.free_port()),
        db_port=cluster_module.free_port(),
    )
    cluster.check()
    cluster.configure()
    cluster.start_database()
    if not tokens_path.exists():
        make_sites(cluster.instances[0] / "etc" / "zope.conf", 0, tokens_path)
    cluster.start_instances()
    return cluster, json.loads(tokens_path.read_text())


# Reporting


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def paired_ratios(result):
    """Each round's second variant against its first, sorted."""
    (_first, a), (_second, b) = result["variants"].items()
    return sorted(
        second / first for first, second in zip(a["rounds"], b["rounds"], strict=True) if first
    )


def ratio(result):
    """The second variant against the first: the median of the rounds'
    ratios, each round's two runs taken one right after the other (a
    machine that speeds up or slows down between rounds moves both)."""
    paired = paired_ratios(result)
    return statistics.median(paired) if paired else 0.0


def spread(result):
    """The middle half of the rounds' ratios (first to third quartile)."""
    paired = paired_ratios(result)
    if len(paired) < 4:
        return ""
    low, _median, high = statistics.quantiles(paired, n=4)
    return f"{low:.2f}-{high:.2f}"


def table(results):
    lines = [
        "| Benchmark | Variants (req/s, median) | Ratio (median of rounds) | Middle half of "
        "rounds | Target | Non-2xx |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        (first, a), (second, b) = result["variants"].items()
        paired = ratio(result)
        target = result["target"]
        verdict = "" if target is None else (" met" if paired >= target else " **missed**")
        lines.append(
            f"| {result['title']}{' (ZEO cluster)' if result.get('cluster') else ''} "
            f"| {first} {a['median']:.1f}, {second} {b['median']:.1f} "
            f"| {paired:.2f}x | {spread(result)} "
            f"| {'' if target is None else f'{target:.2f}x'}{verdict} "
            f"| {a['non_2xx'] + b['non_2xx']} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--listing", type=int, default=10000, help="locks (and pages) to list")
    parser.add_argument("--only", nargs="*", help="benchmark names (default: all)")
    parser.add_argument("--no-cluster", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="build the sites anew")
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_RESULTS.name}")
    args = parser.parse_args(argv)
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        print("bench: wrk is missing: run `make system-deps`", file=sys.stderr)
        return 1

    tokens = prepare_instance(args.listing, args.fresh)
    selected = [
        item for item in benchmarks(tokens, args.listing) if not args.only or item[0] in args.only
    ]
    port = cluster_module.free_port()
    server = serve(port)
    results = []
    checked = None
    try:
        urls = [f"http://127.0.0.1:{port}"]
        warm_up(urls, selected)
        for name, title, target, variants in selected:
            print(f"bench: {title}", flush=True)
            measured = measure(urls, variants, args.rounds, args.duration)
            results.append({"name": name, "title": title, "target": target, "variants": measured})
            print(table(results[-1:]).splitlines()[-1], flush=True)
        if any(name == "listing" for name, *_rest in selected):
            checked = check_listing.main(f"{urls[0]}/addon")
    finally:
        cluster_module.stop(server)

    if not args.no_cluster:
        cluster, cluster_tokens = start_cluster(ROOT / "cluster" / "state.json")
        try:
            chosen = [item for item in benchmarks(cluster_tokens) if item[0] in CLUSTER_BENCHMARKS]
            chosen = [item for item in chosen if not args.only or item[0] in args.only]
            warm_up(cluster.urls, chosen)
            for name, title, target, variants in chosen:
                print(f"bench: {title} (ZEO cluster)", flush=True)
                measured = measure(cluster.urls, variants, args.rounds, args.duration)
                results.append({"name": name, "title": title, "target": target,
                                "variants": measured, "cluster": True})  # fmt: skip
                print(table(results[-1:]).splitlines()[-1], flush=True)
        finally:
            cluster.stop()

    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = (
        f"Measured {when} on {machine()}; {args.rounds} rounds of {args.duration} s per "
        f"variant, {args.listing} live locks in the add-on's site.\n\n{table(results)}\n"
    )
    if checked is not None:
        report += (
            "\n`benchmarks/check_listing.py` on the same site: `@locks` lists exactly the "
            "live locks that the items' own `GET @lock` show, for a Site Administrator "
            "and for an editor (their own), and refuses anonymous users: "
            f"{'yes' if checked == 0 else '**no**'}.\n"
        )
    print()
    print(report)
    RESULTS.write_text(
        json.dumps({"when": when, "machine": machine(), "results": results}, indent=2)
    )
    if args.write_docs:
        DOCS_RESULTS.write_text(
            "<!-- Written by `make bench` (python -m benchmarks.bench --write-docs). -->\n\n"
            + report
        )
    missed = [
        result["name"]
        for result in results
        if result["target"] is not None and ratio(result) < result["target"]
    ]
    return 1 if missed or checked else 0


if __name__ == "__main__":
    sys.exit(main())
