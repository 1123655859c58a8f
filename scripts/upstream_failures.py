"""List the failing tests of an Odoo test log and compare them with the upstream allowlist.

Usage: python scripts/upstream_failures.py LOGFILE [ALLOWLIST]

Reads the log of an `odoo ... --test-tags ... --stop-after-init` run and prints:
- the tests run per module (Odoo's own stats lines),
- every failing test as `/module:Class.method`, Odoo's own test-tags form (rerun one with
  `--test-tags /crm:TestCRMLead.test_x`), from Odoo's `FAIL:` / `ERROR:` lines (a subtest is named
  by its test, a class set-up error as `Class.setUpClass`),
- which of them the allowlist excuses, which it does not, and allowlisted tests that now pass.
Exit status 1 when a failure is not allowlisted, when the run did not end with Odoo's final report
(a crash), when no test ran, or when the failures listed do not add up to Odoo's own count.

The allowlist holds one test id (`/module:Class.method`) per line; blank lines and `#` comments
are ignored (the comments say why each entry fails upstream, without our addons).
"""

import os
import re
import sys
from collections import Counter
from pathlib import Path

# 2026-01-01 12:00:00,000 123 ERROR db odoo.addons.crm.tests.test_crm_lead: FAIL: TestCRMLead.test_x
RESULT = re.compile(
    r"^\S+ \S+ \d+ ERROR \S+ (?P<logger>[\w.]+): (?P<flavour>FAIL|ERROR): (?P<desc>.+)$"
)
# Odoo's final line: "2 failed, 1 error(s) of 812 tests when loading database 'x'"
FINAL = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
STATS = re.compile(r"odoo\.tests\.stats: (\w+): (\d+) tests ([\d.]+)s")
ADDON = re.compile(r"odoo\.addons\.(\w+)\.")


def test_id(logger, desc):
    """`/module:Class.method` for one FAIL/ERROR line of Odoo's test result."""
    desc = desc.strip()
    module = ADDON.search(logger + ".")
    # A subtest: "Subtest Class.method (params)"; a class or module set-up error:
    # "setUpClass (odoo.addons.crm.tests.test_x.TestClass)".
    sub = re.match(r"Subtest (\S+)", desc)
    if sub:
        desc = sub.group(1)
    holder = re.match(r"(\w+) \((odoo\.addons\.(\w+)\.[\w.]+)\)", desc)
    if holder:
        module = ADDON.search(holder.group(2) + ".")
        desc = f"{holder.group(2).rsplit('.', 1)[-1]}.{holder.group(1)}"
    return f"/{module.group(1) if module else logger}:{desc}"


def parse(log_path):
    failures = []
    final = None
    stats = {}
    for line in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = RESULT.match(line)
        if match:
            failures.append(test_id(match["logger"], match["desc"]))
            continue
        match = FINAL.search(line)
        if match:
            final = tuple(int(n) for n in match.groups())
            continue
        match = STATS.search(line)
        if match:
            stats[match[1]] = (int(match[2]), float(match[3]))
    return failures, final, stats


def read_allowlist(path):
    entries = set()
    if path:
        for raw in Path(path).read_text(encoding="utf-8").splitlines():
            entry = raw.strip()
            if entry and not entry.startswith("#"):
                entries.add(entry)
    return entries


def main(log_path, allow_path=None):
    failures, final, stats = parse(log_path)
    allowed = read_allowlist(allow_path)
    ok = True
    if stats:
        per_module = (f"{m} {n} ({t:.0f}s)" for m, (n, t) in sorted(stats.items()))
        print("tests run per module: " + ", ".join(per_module))
    if final is None:
        print(f"{log_path}: no final test report: Odoo stopped before the end", file=sys.stderr)
        return 1
    failed, errors, run = final
    print(f"Odoo: {failed} failed, {errors} error(s) of {run} tests")
    if not run:
        print("no test ran", file=sys.stderr)
        ok = False
    if len(failures) != failed + errors:
        print(
            f"{len(failures)} FAIL/ERROR lines found, Odoo counted {failed + errors}: "
            "log format not understood",
            file=sys.stderr,
        )
        ok = False
    counts = Counter(failures)
    unexpected = sorted(t for t in counts if t not in allowed)
    excused = sorted(t for t in counts if t in allowed)
    passing = sorted(allowed - set(counts))
    for title, tests in (
        ("failing, allowlisted (upstream)", excused),
        ("allowlisted, not failing (not run, or passed: drop once Odoo fixed it)", passing),
        ("FAILING, NOT ALLOWLISTED", unexpected),
    ):
        if tests:
            print(f"{title}: {len(tests)}")
            for test in tests:
                print(f"  {test}" + (f"  (x{counts[test]})" if counts[test] > 1 else ""))
    if unexpected:
        ok = False
        # The shell script reruns these once, each alone (scripts/upstream_tests.sh).
        if out := os.environ.get("UPSTREAM_UNEXPECTED_OUT"):
            Path(out).write_text("".join(f"{test}\n" for test in unexpected), encoding="utf-8")
    print("upstream suites: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
