"""Fail when an Odoo log has an ERROR/WARNING/CRITICAL line that the allowlist does not excuse.

Usage: python scripts/checklog.py LOGFILE [ALLOWLIST]
The allowlist holds one regular expression per line; blank lines and '#' comments are ignored.
"""

import re
import sys
from pathlib import Path

LEVEL = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


def main(log_path, allow_path=None):
    patterns = []
    if allow_path:
        for raw in Path(allow_path).read_text(encoding="utf-8").splitlines():
            entry = raw.strip()
            if entry and not entry.startswith("#"):
                patterns.append(re.compile(entry))
    bad = [
        line
        for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines()
        if LEVEL.match(line) and not any(p.search(line) for p in patterns)
    ]
    if bad:
        print(f"{log_path}: {len(bad)} unexpected warning/error line(s):", file=sys.stderr)
        for line in bad[:50]:
            print("  " + line, file=sys.stderr)
        return 1
    print(f"{log_path}: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
