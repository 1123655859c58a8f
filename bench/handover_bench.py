"""Benchmark: a departure of N clients, three ways (issue #5). Run it with ``make bench``.

For each N it measures, each in a fresh process (so that peak memory is the phase's own):

(a) today's way: the ORM ``write`` of Salesperson on the N clients, as the list's mass edit
    does (with our custody sync switched off, so that it is Odoo alone);
(b) our full departure handover to 5 successors, balanced: the wizard plans and creates the
    handover, a manager starts it, the scheduled action processes the clients in batches
    (ledger, lines, Salesperson, cascade, notices queued), the notices action renders and
    queues the notices, Odoo's mail queue sends them (to an SMTP sink) and the clients are
    told, the company's 24-hour refusal window is closed by moving time, the scheduled action
    accepts every client, and the handover is done;
(c) the floor: one SQL UPDATE of the owner and one INSERT of the ledger rows.

Each of (a), (b), (c) works on its own N clients, prepared (not measured) by a setup process.
Prints one table per N: wall time, SQL queries, peak memory (RSS growth of the measuring
process), and the ratios b/a and b/c. This is a benchmark: nothing here asserts a duration.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

PHASES = ("a", "b", "c")
SUCCESSORS = 5
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "no_reset_password": True,
    "mail_auto_subscribe_no_notify": True,
}


# ----------------------------------------------------------------------------------------
# Child side: runs inside Odoo
# ----------------------------------------------------------------------------------------
def _odoo(config, db):
    import odoo  # noqa: PLC0415  (imported in the child only: the parent needs no Odoo)
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config as odoo_config  # noqa: PLC0415

    odoo_config.parse_config(["-c", config, "--log-level=warn"])
    return odoo, Registry(db)


def _rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _employee(env, name, group):
    user = (
        env["res.users"]
        .with_context(**QUIET)
        .create({"name": name, "login": name.lower().replace(" ", "."), "group_ids": [(4, group)]})
    )
    return env["hr.employee"].with_context(**QUIET).create({"name": name, "user_id": user.id})


def setup(config, db, n, tag, phases=PHASES):
    """Prepare, and commit, the people and N clients for each phase of one size."""
    odoo, registry = _odoo(config, db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        group = env.ref("client_custody.group_custody_user").id
        leaver = _employee(env, f"Leaver {tag}", group)
        successors = [_employee(env, f"Successor {tag} {i}", group) for i in range(SUCCESSORS)]
        env["crm.team"].with_context(**QUIET).create(
            {
                "name": f"Bench team {tag}",
                "user_id": leaver.user_id.id,
                "member_ids": [(6, 0, [s.user_id.id for s in successors])],
            }
        )
        Partner = env["res.partner"].with_context(**QUIET)
        ids = {}
        for phase in phases:
            ids[phase] = []
            for start in range(0, n, 10000):
                chunk = Partner.create(
                    [
                        {
                            "name": f"Client {phase}{tag} {i:06d}",
                            "is_company": True,
                            "email": f"client.{phase}{tag}.{i}@example.com",
                            "user_id": leaver.user_id.id,
                        }
                        for i in range(start, min(start + 10000, n))
                    ]
                )
                if phase == "b":
                    # The leaver holds (b)'s clients in the ledger, as a real leaver would.
                    env["custody.assignment"].with_context(**QUIET)._move(chunk, leaver)
                ids[phase] += chunk.ids
                cr.commit()
                env.invalidate_all()
    # Autovacuum would analyse tables that grew this much before anybody used them; on a
    # server where it is off (as on this project's machines), the planner would otherwise
    # guess without statistics and scan whole tables.
    with registry.cursor() as cr:
        cr._cnx.autocommit = True  # VACUUM cannot run inside a transaction
        cr.execute("VACUUM ANALYZE")
    return {
        "leaver": leaver.id,
        "successors": [s.id for s in successors],
        "partners": ids,
    }


def measure(config, db, phase, data):
    odoo, registry = _odoo(config, db)
    from odoo import sql_db  # noqa: PLC0415

    rss0 = _rss_mib()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        leaver = env["hr.employee"].browse(data["leaver"])
        successors = env["hr.employee"].browse(data["successors"])
        partner_ids = data["partners"][phase]
        extra = {}
        queries0, start = sql_db.sql_counter, time.perf_counter()
        if phase == "a":
            partners = env(user=admin)["res.partner"].browse(partner_ids)
            partners.with_context(custody_skip_salesperson_sync=True).write(
                {"user_id": successors[0].user_id.id}
            )
            env.flush_all()
            cr.commit()  # runs the tracking (chatter) and follower work of the write
        elif phase == "c":
            cr.execute(
                "UPDATE res_partner SET user_id = %s WHERE id = ANY(%s)",
                [successors[0].user_id.id, partner_ids],
            )
            cr.execute(
                """INSERT INTO custody_assignment (partner_id, employee_id, user_id, company_id,
                       date_start, origin, create_uid, create_date, write_uid, write_date)
                   SELECT p, %s, %s, %s, CURRENT_DATE, 'handover', 1, now(), 1, now()
                     FROM unnest(%s::int[]) AS p""",
                [
                    successors[0].id,
                    successors[0].user_id.id,
                    successors[0].company_id.id,
                    partner_ids,
                ],
            )
            cr.commit()
        else:
            extra = _handover(env(user=admin), leaver, successors, sql_db)
        wall = time.perf_counter() - start
        queries = sql_db.sql_counter - queries0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(extra, wall=wall, queries=queries, peak_mib=peak - rss0)


def _handover(env, leaver, successors, sql_db):
    """(b), as users and the scheduler do it; returns the start request's own figures."""
    cr = env.cr
    queries0, start = sql_db.sql_counter, time.perf_counter()
    wizard = (  # as the manager opens it from the leaver's form
        env["custody.handover.wizard"]
        .with_context(active_model="hr.employee", active_ids=leaver.ids)
        .create({"strategy": "balanced", "successor_ids": [(6, 0, successors.ids)]})
    )
    handover = env["custody.handover"].browse(wizard.action_confirm()["res_id"])
    cr.commit()
    prepare = {
        "prepare_wall": time.perf_counter() - start,
        "prepare_queries": sql_db.sql_counter - queries0,
    }
    # A real refusal window (the company's 24 hours): the notices are rendered and queued,
    # the mail queue sends them (to an SMTP sink: what a mail server does is not ours), and
    # the window is closed by moving time, not by a zero-hour window.
    handover.item_ids.action_mark_returned()
    cr.commit()

    queries0, start = sql_db.sql_counter, time.perf_counter()
    handover.action_start()
    cr.commit()
    start_request = {
        "start_wall": time.perf_counter() - start,
        "start_queries": sql_db.sql_counter - queries0,
    }

    batches = env.ref("client_custody_handover.ir_cron_custody_handover_batches")
    notices = env.ref("client_custody_handover.ir_cron_custody_handover_notices")
    Line = env["custody.handover.line"]
    mine = [("handover_id", "=", handover.id)]

    def run_cron_until(cron, domain):
        while Line.search_count(domain):
            cron.method_direct_trigger()
            cr.commit()
            env.invalidate_all()

    run_cron_until(batches, [*mine, ("state", "=", "draft")])
    queries0, start = sql_db.sql_counter, time.perf_counter()
    run_cron_until(notices, [*mine, ("notice_state", "in", ("queued", "failed"))])
    rendered = {
        "notices_wall": time.perf_counter() - start,
        "notices_queries": sql_db.sql_counter - queries0,
    }
    queries0, start = sql_db.sql_counter, time.perf_counter()
    with _smtp_sink(env):
        while Line.search_count([*mine, ("notice_state", "=", "outgoing")]):
            env["mail.mail"].process_email_queue()
            cr.commit()
            env.invalidate_all()
    sent = {
        "mailq_wall": time.perf_counter() - start,
        "mailq_queries": sql_db.sql_counter - queries0,
    }
    told = Line.search_count([*mine, ("told_at", "!=", False)])
    from freezegun import freeze_time  # noqa: PLC0415

    with freeze_time(datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=25), tick=True):
        run_cron_until(batches, [*mine, ("state", "=", "waiting")])
    if handover.state != "done":
        raise SystemExit(f"handover {handover.name} ended {handover.state}, not done")
    held = env["custody.assignment"].search_count(
        [("employee_id", "in", successors.ids), ("date_end", "=", False)]
    )
    return dict(prepare, **start_request, **rendered, **sent, clients_told=told, clients_moved=held)


@contextmanager
def _smtp_sink(env):
    """Odoo's mail queue builds and hands over every mail; the SMTP server accepts them all."""
    from unittest.mock import MagicMock, patch  # noqa: PLC0415

    server = type(env["ir.mail_server"])
    with (
        patch.object(server, "_connect__", lambda *args, **kwargs: MagicMock()),
        patch.object(server, "send_email", lambda _s, message, *a, **k: message["Message-Id"]),
    ):
        yield


# ----------------------------------------------------------------------------------------
# Parent side: orchestrates the children and prints the table
# ----------------------------------------------------------------------------------------
def _child(args, *extra):
    cmd = [sys.executable, __file__, "--config", args.config, "--db", args.db, *extra]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _table(n, results):
    a, b, c = (results.get(p) for p in PHASES)
    lines = [
        f"N = {n:,} clients",
        f"{'':44} {'wall (s)':>10} {'queries':>10} {'peak MiB':>10}",
    ]

    def row(
        label,
        wall,
        queries,
        peak="",
    ):
        peak = f"{peak:10.1f}" if peak != "" else f"{'':>10}"
        lines.append(f"{label:44} {wall:10.2f} {queries:10,} {peak}")

    if a:
        row("(a) ORM write of Salesperson", a["wall"], a["queries"], a["peak_mib"])
    if b:
        row("(b) departure handover, 5 successors", b["wall"], b["queries"], b["peak_mib"])
        row("    of which: planning the draft (wizard)", b["prepare_wall"], b["prepare_queries"])
        row("    of which: the start request", b["start_wall"], b["start_queries"])
        row("    of which: notices rendered and queued", b["notices_wall"], b["notices_queries"])
        row("    of which: mail queue (SMTP sink)", b["mailq_wall"], b["mailq_queries"])
        from_start = b["wall"] - b["prepare_wall"]
        row("    from start to done", from_start, b["queries"] - b["prepare_queries"])
    if c:
        row("(c) floor: SQL UPDATE + INSERT", c["wall"], c["queries"], c["peak_mib"])
    if a and b:
        lines.append(
            f"b/a = {b['wall'] / a['wall']:.3f} (a takes {a['wall'] / b['wall']:.1f}x b's time)"
        )
    if b and c:
        lines.append(
            f"b/c = {b['wall'] / c['wall']:.1f}x (from start to done: "
            f"{(b['wall'] - b['prepare_wall']) / c['wall']:.1f}x)"
        )
    if b:
        per_client = 1000 * b["notices_wall"] / max(b["clients_told"], 1)
        lines.append(f"notices: {per_client:.2f} ms per client rendered and queued")
        lines.append(f"clients told by (b): {b['clients_told']:,}")
        lines.append(f"clients moved by (b): {b['clients_moved']:,}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--phases",
        default="a,b,c",
        help="which of a, b, c to measure, per size: '100000:b,c' limits one size",
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)  # a JSON file written by the parent
    args = parser.parse_args()

    if args.setup:
        phases = args.phases.split(",")
        print(json.dumps(setup(args.config, args.db, args.setup, f"{args.setup}", phases)))
        return
    if args.phase:
        with open(args.data) as data:
            print(json.dumps(measure(args.config, args.db, args.phase, json.load(data))))
        return

    report = {}
    limits = dict(part.split(":") for part in args.phases.split(";") if ":" in part)
    default_phases = next((p for p in args.phases.split(";") if ":" not in p), "a,b,c")
    for n in (int(size) for size in args.sizes.split(",")):
        phases = limits.get(str(n), default_phases).split(",")
        print(f"Preparing {n:,} clients for {phases} …", file=sys.stderr, flush=True)
        data = _child(args, "--setup", str(n), "--phases", ",".join(phases))
        results = {}
        with tempfile.NamedTemporaryFile("w", suffix=".json") as data_file:
            json.dump(data, data_file)
            data_file.flush()
            for phase in phases:
                print(f"  measuring ({phase}) at N = {n:,} …", file=sys.stderr, flush=True)
                results[phase] = _child(args, "--phase", phase, "--data", data_file.name)
        report[n] = results
        print(_table(n, results), "\n", flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)


if __name__ == "__main__":
    main()
