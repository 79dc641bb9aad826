#!/usr/bin/env python3
"""Turn pip's constraints.txt into buildout's ``[versions]`` section.

constraints.txt is the one list of pins; ``make buildout`` runs::

    python3 scripts/constraints2versions.py constraints.txt versions.cfg

and buildout.cfg extends the generated versions.cfg.  Do not edit it.
Only ``name==version`` lines are used; comments, blank lines and options
are skipped, and anything else is an error.  Standard library only.
"""

from pathlib import Path

import re
import sys


PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;#]+)\s*(#.*)?$")
SKIP = {"collective.locking"}  # the develop egg itself


def convert(constraints: Path) -> str:
    pins = {}
    for number, raw in enumerate(constraints.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", "-")):
            continue
        match = PIN.match(line)
        if match is None:
            raise SystemExit(f"{constraints}:{number}: not a 'name==version' pin: {raw!r}")
        name, _extras, version, _comment = match.groups()
        if name.lower() in SKIP:
            continue
        key = name.lower()
        if key in pins and pins[key][1] != version:
            raise SystemExit(f"{constraints}:{number}: {name} pinned twice")
        pins[key] = (name, version)
    width = max(len(name) for name, _ in pins.values())
    lines = [
        f"# Generated from {constraints.name} by scripts/constraints2versions.py.",
        "# Do not edit: change constraints.txt and run `make buildout` again.",
        "[versions]",
    ]
    lines += [
        f"{name:<{width}} = {version}"
        for name, version in sorted(pins.values(), key=lambda p: p[0].lower())
    ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    text = convert(source)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        print(f"unchanged {target}")
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote     {target} ({text.count(chr(10)) - 3} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
