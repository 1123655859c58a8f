"""Project-wide pytest policy.

Odoo turns a missing or broken Chromium into a *skipped* tour, which would let a browser test pass
unnoticed. Nothing in this suite is meant to skip, so any skip fails the run.
"""


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped; a skipped tour or test counts as a failure:",
            red=True,
        )
        for report in skipped:
            reporter.write_line(f"  {report.nodeid}: {report.longrepr}", red=True)
        session.exitstatus = 1
