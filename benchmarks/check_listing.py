"""Check, on the benchmark's site of 10,000 locks, that ``@locks`` lists
exactly the live locks, as each caller may see them.

    .venv/bin/runwsgi var/bench/etc/zope.ini &     # after make bench
    .venv/bin/python -m benchmarks.check_listing http://127.0.0.1:PORT/addon

The truth is what each item's own ``GET @lock`` answers (the model, not the
index): every item of the site is asked, as the site's admin. Then the
listing, page by page, as the admin (every lock), as client1 (their own),
and anonymously (refused). Prints what it found; exits with 1 on a
difference. Loopback only: about 10,000 requests, one at a time.
"""

import requests
import sys
import time


ADMIN = ("admin", "admin")
CLIENT = ("client1", "client1-secret")
JSON = {"Accept": "application/json"}


def get(session, url, **params):
    response = session.get(url, params=params, headers=JSON, timeout=60)
    response.raise_for_status()
    return response.json()


def items(session, site):
    start = 0
    while True:
        page = get(session, f"{site}/@search", b_size=1000, b_start=start)
        yield from (item["@id"] for item in page["items"])
        start += 1000
        if start >= page["items_total"]:
            return


def truth(session, site):
    """Public lock URI -> creator, from every item's own GET @lock."""
    found = {}
    for url in [site, *items(session, site)]:
        info = get(session, f"{url}/@lock")
        if info.get("locked") and info.get("creator"):
            found[f"{url}/@lock"] = info["creator"]
        for fragment, lock in (info.get("fragments") or {}).items():
            found[f"{url}/@lock/{fragment}"] = lock["creator"]
    return found


def listing(session, site):
    """Public lock URI -> creator, from @locks page by page."""
    found, start, total = {}, 0, None
    while total is None or start < total:
        page = get(session, f"{site}/@locks", b_size=1000, b_start=start)
        total = page["items_total"]
        for entry in page["items"]:
            assert "token" not in entry, f"a token in @locks: {entry['@id']}"
            found[entry["@id"]] = entry["creator"]
        start += 1000
    assert len(found) == total, f"items_total {total}, {len(found)} entries"
    return found


def compare(label, expected, listed):
    missing, extra = set(expected) - set(listed), set(listed) - set(expected)
    wrong = [uri for uri in set(expected) & set(listed) if expected[uri] != listed[uri]]
    ok = not (missing or extra or wrong)
    print(
        f"check_listing: {label}: {len(listed)} listed, {len(expected)} expected, "
        f"{len(missing)} missing, {len(extra)} extra, {len(wrong)} with another creator"
        f" -> {'exact' if ok else 'DIFFERENT'}"
    )
    return ok


def main(site):
    admin, client = requests.Session(), requests.Session()
    admin.auth, client.auth = ADMIN, CLIENT
    began = time.monotonic()
    expected = truth(admin, site)
    print(f"check_listing: {len(expected)} live locks by the items' own @lock "
          f"({time.monotonic() - began:.0f} s)")  # fmt: skip
    ok = compare("admin", expected, listing(admin, site))
    own = {uri: creator for uri, creator in expected.items() if creator == CLIENT[0]}
    ok = compare("client1", own, listing(client, site)) and ok
    anonymous = requests.get(f"{site}/@locks", headers=JSON, timeout=60).status_code
    print(f"check_listing: anonymous: {anonymous}")
    return 0 if ok and anonymous == 401 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
