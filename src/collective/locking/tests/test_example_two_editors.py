"""examples/two_editors.py, run as a reader runs it, against the test server:
two editors edit two blocks of one page at once and both edits land."""

from collective.locking.testing import USERS
from pathlib import Path
from plone import api

import subprocess
import sys
import transaction


EXAMPLE = Path(__file__).parents[4] / "examples" / "two_editors.py"


def slate(text):
    return {
        "@type": "slate",
        "plaintext": text,
        "value": [{"type": "p", "children": [{"text": text}]}],
    }


def test_two_editors_on_two_blocks(make_document, functional_portal):
    page = make_document("meeting-notes", title="Meeting notes")
    with api.env.adopt_roles(["Manager"]):
        page.blocks = {"title-1": {"@type": "title"}, "first": slate("One"), "second": slate("Two")}
        page.blocks_layout = {"items": ["title-1", "first", "second"]}
    transaction.commit()
    result = subprocess.run(
        [
            sys.executable,
            str(EXAMPLE),
            f"--site={functional_portal.absolute_url()}",
            "--page=meeting-notes",
            f"--alice=editor-a:{USERS['editor-a'][0]}",
            f"--bob=editor-b:{USERS['editor-b'][0]}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Bob writes Alice's block: 403" in result.stdout
    assert "Both edits landed." in result.stdout
    transaction.begin()
    assert page.blocks["first"]["plaintext"] == "Alice was here."
    assert page.blocks["second"]["plaintext"] == "Bob was here too."
