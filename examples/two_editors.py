#!/usr/bin/env python3
"""Two Volto editors working on different blocks of one page at once.

Against the site of ``make start`` (or any site with collective.locking):

    .venv/bin/python examples/two_editors.py
    .venv/bin/python examples/two_editors.py --site http://localhost:8080/Plone \\
        --page demo/meeting-notes --alice alice:alice-secret --bob bob:bob-secret

What each editor's client does, as the documentation describes it:

1. reads the page and picks a block to edit;
2. locks just that block: ``POST @lock {"fragments": ["blocks/{id}"]}``,
   keeping the token (the other editor locks another block at the same time);
3. writes just that block, with a merge patch
   (``Content-Type: application/merge-patch+json``), and unlocks in the same
   request (``X-Plone-Unlock: true``).

Then it reads the page again and shows that both edits landed, and that a
write to a block the other editor holds is refused with 403. Needs only
``requests``.

A busy site may answer 503 (a save that kept conflicting with others' saves:
nothing of it was saved); the client waits as ``Retry-After`` says and sends
the same request again, a few times at most.
"""

from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

import argparse
import requests
import sys
import threading


MERGE_PATCH = "application/merge-patch+json"


def retrying_session():
    """A session that sends a request again after a 503, waiting as the
    server's ``Retry-After`` says: every method, since a 503 saved nothing."""
    session = requests.Session()
    retry = Retry(
        total=5,
        connect=0,
        read=0,
        status_forcelist=[503],
        allowed_methods=None,
        respect_retry_after_header=True,
        backoff_factor=0.5,
        raise_on_status=False,
    )
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


class Editor:
    def __init__(self, name, site, page, login):
        self.name = name
        self.url = f"{site.rstrip('/')}/{page.strip('/')}"
        self.session = retrying_session()
        self.session.auth = tuple(login.split(":", 1))
        self.session.headers["Accept"] = "application/json"

    def read(self):
        response = self.session.get(self.url)
        response.raise_for_status()
        return response.json()

    def lock_block(self, block):
        response = self.session.post(f"{self.url}/@lock", json={"fragments": [f"blocks/{block}"]})
        response.raise_for_status()
        self.token = response.json()["token"]
        print(f"{self.name}: locked blocks/{block}")

    def write_block(self, block, changes, unlock=True):
        headers = {"Content-Type": MERGE_PATCH, "Lock-Token": self.token}
        if unlock:
            headers["X-Plone-Unlock"] = "true"
        return self.session.patch(self.url, json={"blocks": {block: changes}}, headers=headers)


def text_blocks(page):
    """The ids of the page's text blocks, in the page's order."""
    blocks = page["blocks"]
    return [
        block
        for block in page["blocks_layout"]["items"]
        if blocks.get(block, {}).get("@type") in ("slate", "text")
    ]


def slate_text(text):
    return {"plaintext": text, "value": [{"type": "p", "children": [{"text": text}]}]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--page", default="demo/meeting-notes")
    parser.add_argument("--alice", default="alice:alice-secret", help="login:password")
    parser.add_argument("--bob", default="bob:bob-secret", help="login:password")
    args = parser.parse_args(argv)

    alice = Editor("Alice", args.site, args.page, args.alice)
    bob = Editor("Bob", args.site, args.page, args.bob)
    blocks = text_blocks(alice.read())
    if len(blocks) < 2:
        print("The page needs two text blocks.", file=sys.stderr)
        return 1
    first, second = blocks[0], blocks[1]

    # Both lock at the same time, each their own block.
    threads = [
        threading.Thread(target=alice.lock_block, args=(first,)),
        threading.Thread(target=bob.lock_block, args=(second,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Bob may not write Alice's block while she holds it.
    refused = bob.session.patch(
        bob.url,
        json={"blocks": {first: slate_text("Bob overwrites Alice")}},
        headers={"Content-Type": MERGE_PATCH, "Lock-Token": bob.token},
    )
    print(f"Bob writes Alice's block: {refused.status_code} {refused.json()['error']['message']}")

    # Both save their own block, at the same time, and unlock.
    answers = {}

    def save(editor, block, text):
        answers[editor.name] = editor.write_block(block, slate_text(text))

    threads = [
        threading.Thread(target=save, args=(alice, first, "Alice was here.")),
        threading.Thread(target=save, args=(bob, second, "Bob was here too.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, answer in sorted(answers.items()):
        print(f"{name} saves and unlocks: {answer.status_code}")

    page = alice.read()
    landed = [page["blocks"][first]["plaintext"], page["blocks"][second]["plaintext"]]
    print(f"The page now says: {landed[0]!r} and {landed[1]!r}")
    locks = alice.session.get(f"{alice.url}/@lock").json()["fragments"]
    print(f"Locks left on the page: {sorted(locks) or 'none'}")
    ok = (
        refused.status_code == 403
        and all(answer.status_code == 204 for answer in answers.values())
        and landed == ["Alice was here.", "Bob was here too."]
        and not locks
    )
    print("Both edits landed." if ok else "Something went wrong.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
