"""Benchmark: a departure of N clients, three ways (issue #5), and on Odoo's own cron workers
(issue #14). Run it with ``make bench``.

For each N it measures, each in a fresh process (so that peak memory is the phase's own):

(a) today's way: the ORM ``write`` of Salesperson on the N clients, as the list's mass edit
    does (with our custody sync switched off, so that it is Odoo alone);
(b) our full departure handover to 5 successors, balanced, in one process: the wizard plans
    and creates the handover, a manager starts it, the batches scheduled action (run here, one
    worker) starts the clients, renders and queues their notices and sends them through
    Odoo's mail server code to a local SMTP sink (a minimal server on 127.0.0.1 that accepts
    every message: the SMTP conversation is measured, what a real mail server does after it
    is not), the clients are told, the company's 24-hour refusal window is closed by moving
    time, the scheduled action accepts every client, and the handover is done;
(c) the floor: one SQL UPDATE of the owner and one INSERT of the ledger rows;
(w1), (w2): the same departure on an Odoo server (prefork, ``--max-cron-threads`` 1 or 2)
    whose cron workers do everything after the start request, as in production: from the
    start to every client told, then (the refusal windows closed by moving their deadline)
    to done.

Each phase works on its own N clients, prepared (not measured) by a setup process. Prints
one table per N: wall time, SQL queries, peak memory (RSS growth of the measuring process),
and the ratios b/a and b/c. This is a benchmark: nothing here asserts a duration.
"""

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

PHASES = ("a", "b", "c", "w1", "w2")
# Phases that hand over their clients (each from a leaver of its own).
HANDOVER_PHASES = ("b", "w1", "w2")
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


def setup(config, db, n, tag, phases, smtp_port):
    """Prepare, and commit, the people and N clients for each phase of one size."""
    odoo, registry = _odoo(config, db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        group = env.ref("client_custody.group_custody_user").id
        leavers = {
            phase: _employee(env, f"Leaver {tag} {phase}", group)
            for phase in phases
            if phase in HANDOVER_PHASES
        }
        successors = [_employee(env, f"Successor {tag} {i}", group) for i in range(SUCCESSORS)]
        for phase, leaver in leavers.items():
            # Each leaver's departure is recorded: a departure handover needs a leaver.
            leaver.departure_date = odoo.fields.Date.today()
            env["crm.team"].with_context(**QUIET).create(
                {
                    "name": f"Bench team {tag} {phase}",
                    "user_id": leaver.user_id.id,
                    "member_ids": [(6, 0, [s.user_id.id for s in successors])],
                }
            )
        # The notices go to the bench's SMTP sink, through Odoo's mail server settings.
        env["ir.mail_server"].search([]).write({"active": False})
        env["ir.mail_server"].create(
            {"name": "Bench SMTP sink", "smtp_host": "127.0.0.1", "smtp_port": smtp_port}
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
                            "user_id": (
                                leavers.get(phase) or leavers.get("b") or successors[0]
                            ).user_id.id,
                        }
                        for i in range(start, min(start + 10000, n))
                    ]
                )
                if phase in leavers:
                    # The leaver holds the clients in the ledger, as a real leaver would.
                    env["custody.assignment"].with_context(**QUIET)._move(chunk, leavers[phase])
                ids[phase] += chunk.ids
                cr.commit()
                env.invalidate_all()
    # Autovacuum would analyse tables that grew this much before anybody used them; on a
    # server where it is off (as on this project's machines), the planner would otherwise
    # guess without statistics and scan whole tables.
    _analyze(registry)
    return {
        "leavers": {phase: leaver.id for phase, leaver in leavers.items()},
        "successors": [s.id for s in successors],
        "partners": ids,
    }


def _analyze(registry):
    """What autovacuum would have done since the previous phase (it is off on the project's
    machines): without it the planner guesses from statistics taken before that phase."""
    with registry.cursor() as cr:
        cr._cnx.autocommit = True  # VACUUM cannot run inside a transaction
        cr.execute("VACUUM ANALYZE")


def measure(config, db, phase, data):
    _analyze(_odoo(config, db)[1])  # not timed
    if phase.startswith("w"):
        return _workers(config, db, data, phase)
    odoo, registry = _odoo(config, db)
    from odoo import sql_db  # noqa: PLC0415

    rss0 = _rss_mib()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
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
            leaver = env["hr.employee"].browse(data["leavers"][phase])
            extra = _handover(env(user=admin), leaver, successors, sql_db)
        wall = time.perf_counter() - start
        queries = sql_db.sql_counter - queries0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(extra, wall=wall, queries=queries, peak_mib=peak - rss0)


def _draft(env, leaver, successors):
    """The manager's wizard, as opened from the leaver's form: the draft handover, checklist
    done."""
    wizard = (
        env["custody.handover.wizard"]
        .with_context(active_model="hr.employee", active_ids=leaver.ids)
        .create({"strategy": "balanced", "successor_ids": [(6, 0, successors.ids)]})
    )
    handover = env["custody.handover"].browse(wizard.action_confirm()["res_id"])
    env.cr.commit()
    return handover


@contextmanager
def _timed(model_class, method, totals, key):
    """Add the time spent in ``model_class.method`` to ``totals[key]``."""
    original = getattr(model_class, method)

    def wrapper(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - start

    setattr(model_class, method, wrapper)
    try:
        yield
    finally:
        setattr(model_class, method, original)


def _handover(env, leaver, successors, sql_db):
    """(b), as users and the scheduler do it, on one worker; returns the start request's own
    figures and the time spent rendering and sending the notices."""
    cr = env.cr
    queries0, start = sql_db.sql_counter, time.perf_counter()
    handover = _draft(env, leaver, successors)
    prepare = {
        "prepare_wall": time.perf_counter() - start,
        "prepare_queries": sql_db.sql_counter - queries0,
    }
    # A real refusal window (the company's 24 hours), closed by moving time, not a zero-hour
    # window; the checklist is done (not measured).
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
    Line = env["custody.handover.line"]
    mine = [("handover_id", "=", handover.id)]

    def run_cron_until(cron, domain):
        while Line.search_count(domain):
            cron.method_direct_trigger()
            cr.commit()
            env.invalidate_all()

    totals = {"render": 0.0, "send": 0.0, "fill": 0.0}
    queries0, start = sql_db.sql_counter, time.perf_counter()
    with (
        _timed(type(Line), "_send_notices", totals, "render"),
        _timed(type(env["custody.handover.notice"]), "_render_mails", totals, "fill"),
        _timed(type(env["mail.mail"]), "_send_client_notices", totals, "send"),
    ):
        run_cron_until(
            batches,
            [*mine, "|", ("state", "=", "draft"), ("notice_state", "in", ("queued", "outgoing"))],
        )
    told_phase = {
        "told_wall": time.perf_counter() - start,
        "told_queries": sql_db.sql_counter - queries0,
        "render_wall": totals["render"],
        "fill_wall": totals["fill"],
        "send_wall": totals["send"],
    }
    told = Line.search_count([*mine, ("told_at", "!=", False)])
    from freezegun import freeze_time  # noqa: PLC0415

    queries0, start = sql_db.sql_counter, time.perf_counter()
    with freeze_time(datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=25), tick=True):
        run_cron_until(batches, [*mine, ("state", "=", "waiting")])
    accept_phase = {
        "accept_wall": time.perf_counter() - start,
        "accept_queries": sql_db.sql_counter - queries0,
    }
    if handover.state != "done":
        raise SystemExit(f"handover {handover.name} ended {handover.state}, not done")
    held = env["custody.assignment"].search_count(
        [("employee_id", "in", successors.ids), ("date_end", "=", False)]
    )
    return dict(
        prepare,
        **start_request,
        **told_phase,
        **accept_phase,
        clients_told=told,
        clients_moved=held,
        mails_received=None,
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _workers(config, db, data, phase):
    """(w1), (w2): an Odoo server with 1 or 2 cron workers does the departure after the start
    request; this process only starts it, watches the lines, and moves the windows' deadline."""
    odoo, registry = _odoo(config, db)
    workers = int(phase[1:])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        successors = env["hr.employee"].browse(data["successors"])
        leaver = env["hr.employee"].browse(data["leavers"][phase])
        handover = _draft(env(user=admin), leaver, successors)
        handover.item_ids.action_mark_returned()
        cr.commit()
        handover_id = handover.id

    untold = """SELECT count(*) FROM custody_handover_line
                 WHERE handover_id = %s
                   AND (state = 'draft' OR (state = 'waiting' AND told_at IS NULL))"""
    with _odoo_server(odoo, config, db, workers), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        handover = env["custody.handover"].browse(handover_id)
        start = time.perf_counter()
        handover.with_user(env.ref("base.user_admin")).action_start()
        cr.commit()  # wakes both lanes (cron triggers, notified at commit)
        _wait_until(cr, untold, [handover_id], 0)
        told_wall = time.perf_counter() - start
        cr.execute(
            "SELECT count(*) FROM custody_handover_line WHERE handover_id = %s AND told_at IS "
            "NOT NULL",
            [handover_id],
        )
        told = cr.fetchone()[0]
        # Moving time: every refusal window ends now, and the lanes are woken.
        cr.execute(
            """UPDATE custody_handover_line
                  SET window_end = (now() AT TIME ZONE 'UTC') - INTERVAL '1 second'
                WHERE handover_id = %s AND state = 'waiting'""",
            [handover_id],
        )
        env["custody.handover"]._trigger_batches()
        cr.commit()
        shifted = time.perf_counter()
        _wait_until(cr, "SELECT state FROM custody_handover WHERE id = %s", [handover_id], "done")
        accept_wall = time.perf_counter() - shifted
        cr.execute(
            """SELECT count(*) FROM custody_assignment
                WHERE employee_id = ANY(%s) AND date_end IS NULL AND partner_id = ANY(%s)""",
            [data["successors"], data["partners"][phase]],
        )
        held = cr.fetchone()[0]
    return {
        "wall": told_wall + accept_wall,
        "told_wall": told_wall,
        "accept_wall": accept_wall,
        "clients_told": told,
        "clients_moved": held,
        "workers": workers,
    }


@contextmanager
def _odoo_server(odoo, config, db, cron_workers):
    """An Odoo server on this database, prefork, with ``cron_workers`` cron worker processes
    and no HTTP (nothing here needs it), as production runs its crons; stopped on exit."""
    log = os.path.join(tempfile.gettempdir(), f"{db}-server-{cron_workers}-workers.log")
    server = subprocess.Popen(
        [
            sys.executable,
            os.path.join(os.path.dirname(odoo.__path__[0]), "odoo-bin"),
            *("-c", config, "-d", db, f"--db-filter=^{db}$", "--workers=2", "--no-http"),
            f"--max-cron-threads={cron_workers}",
            "--log-level=warn",
            f"--logfile={log}",
        ],
        stdout=subprocess.DEVNULL,
    )
    print(f"    Odoo server with {cron_workers} cron worker(s), log: {log}", file=sys.stderr)
    try:
        # Ready when every cron worker (a child process) listens for the cron triggers (on
        # its connection to the 'postgres' database).
        listening = (
            "SELECT count(DISTINCT application_name) FROM pg_stat_activity "
            "WHERE datname = 'postgres' AND application_name = ANY(%s)"
        )
        children = f"/proc/{server.pid}/task/{server.pid}/children"
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            for _attempt in range(480):
                with open(children) as pids:
                    names = [f"odoo-{pid}" for pid in pids.read().split()]
                cr.execute(listening, [names])
                ready = cr.fetchone()[0] >= cron_workers
                cr.rollback()
                if ready:
                    break
                time.sleep(0.25)
            else:
                raise SystemExit(f"the Odoo server's cron workers did not start (log: {log})")
        yield
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_until(cr, query, params, value, timeout=3600):
    """Poll ``query`` (one value) every quarter second, each in its own transaction."""
    deadline = time.monotonic() + timeout
    while True:
        cr.execute(query, params)
        current = cr.fetchone()[0]
        cr.rollback()
        if current == value:
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"still {current!r}, not {value!r}, after {timeout} s: {query}")
        time.sleep(0.25)


# ----------------------------------------------------------------------------------------
# The SMTP sink: a minimal SMTP server on 127.0.0.1 that accepts every message
# ----------------------------------------------------------------------------------------
class SmtpSink:
    """Speaks just enough SMTP for Odoo's mail server code (EHLO, MAIL, RCPT, DATA, RSET,
    NOOP, QUIT) and counts the messages it accepted."""

    def __init__(self):
        self.received = 0
        self.port = _free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        started = threading.Event()
        self._started = started
        self._thread.start()
        started.wait(10)
        return self

    def __exit__(self, *exc):
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _serve(self):
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(
            asyncio.start_server(self._session, "127.0.0.1", self.port, limit=2**24)
        )
        self._started.set()
        self._loop.run_forever()

    async def _session(self, reader, writer):
        writer.write(b"220 bench-sink ESMTP\r\n")
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                writer.write(b"250-bench-sink\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
            elif verb == b"DATA":
                writer.write(b"354 end with <CRLF>.<CRLF>\r\n")
                await writer.drain()
                try:  # the whole message at once: the sink's own CPU is not what is measured
                    await reader.readuntil(b"\r\n.\r\n")
                except asyncio.IncompleteReadError:
                    break
                self.received += 1
                writer.write(b"250 accepted\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()


# ----------------------------------------------------------------------------------------
# Parent side: orchestrates the children and prints the table
# ----------------------------------------------------------------------------------------
def _child(args, *extra):
    cmd = [sys.executable, __file__, "--config", args.config, "--db", args.db, *extra]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _table(n, results):
    a, b, c = (results.get(p) for p in ("a", "b", "c"))
    lines = [
        f"N = {n:,} clients",
        f"{'':52} {'wall (s)':>10} {'queries':>10} {'peak MiB':>10}",
    ]

    def row(label, wall, queries="", peak=""):
        peak = f"{peak:10.1f}" if peak != "" else f"{'':>10}"
        queries = f"{queries:10,}" if queries != "" else f"{'':>10}"
        lines.append(f"{label:52} {wall:10.2f} {queries} {peak}")

    if a:
        row("(a) ORM write of Salesperson", a["wall"], a["queries"], a["peak_mib"])
    if b:
        row("(b) departure, 5 successors, 1 worker", b["wall"], b["queries"], b["peak_mib"])
        row("    of which: planning the draft (wizard)", b["prepare_wall"], b["prepare_queries"])
        row("    of which: the start request", b["start_wall"], b["start_queries"])
        row("    of which: start to every client told", b["told_wall"], b["told_queries"])
        row("      within: notices rendered and queued", b["render_wall"])
        row("        within: the templates rendered, filled per client", b["fill_wall"])
        row("      within: notices sent (SMTP sink), clients told", b["send_wall"])
        row("    of which: window closed to done", b["accept_wall"], b["accept_queries"])
        from_start = b["wall"] - b["prepare_wall"]
        row("    from start to done", from_start, b["queries"] - b["prepare_queries"])
    if c:
        row("(c) floor: SQL UPDATE + INSERT", c["wall"], c["queries"], c["peak_mib"])
    for phase in ("w1", "w2"):
        w = results.get(phase)
        if w:
            row(f"({phase}) Odoo server, {w['workers']} cron worker(s): start to done", w["wall"])
            row("    of which: start to every client told", w["told_wall"])
            row("    of which: window closed to done (accepting)", w["accept_wall"])
            lines.append(f"    clients told: {w['clients_told']:,}, moved: {w['clients_moved']:,}")
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
        told = max(b["clients_told"], 1)
        lines.append(
            f"notices: {1000 * b['fill_wall'] / told:.3f} ms per client rendered (the template "
            f"once per handover and language, filled per client), "
            f"{1000 * b['render_wall'] / told:.2f} ms per client rendered and queued, "
            f"{1000 * b['send_wall'] / told:.2f} ms per client sent and told"
        )
        lines.append(f"clients told by (b): {b['clients_told']:,}")
        lines.append(f"clients moved by (b): {b['clients_moved']:,}")
    if results.get("w1") and results.get("w2"):
        lines.append(f"w1/w2 = {results['w1']['wall'] / results['w2']['wall']:.2f}x")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--phases",
        default="a,b,c,w1,w2",
        help="which of a, b, c, w1, w2 to measure, per size: '100000:b,c' limits one size",
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)  # a JSON file written by the parent
    args = parser.parse_args()

    if args.setup:
        phases = args.phases.split(",")
        data = setup(args.config, args.db, args.setup, f"{args.setup}", phases, args.smtp_port)
        print(json.dumps(data))
        return
    if args.phase:
        with open(args.data) as data:
            print(json.dumps(measure(args.config, args.db, args.phase, json.load(data))))
        return

    report = {}
    limits = dict(part.split(":") for part in args.phases.split(";") if ":" in part)
    default_phases = next((p for p in args.phases.split(";") if ":" not in p), "a,b,c,w1,w2")
    with SmtpSink() as sink:
        for n in (int(size) for size in args.sizes.split(",")):
            phases = limits.get(str(n), default_phases).split(",")
            print(f"Preparing {n:,} clients for {phases} …", file=sys.stderr, flush=True)
            data = _child(
                args, "--setup", str(n), "--phases", ",".join(phases), "--smtp-port", str(sink.port)
            )
            results = {}
            with tempfile.NamedTemporaryFile("w", suffix=".json") as data_file:
                json.dump(data, data_file)
                data_file.flush()
                for phase in phases:
                    print(f"  measuring ({phase}) at N = {n:,} …", file=sys.stderr, flush=True)
                    received = sink.received
                    results[phase] = _child(args, "--phase", phase, "--data", data_file.name)
                    results[phase]["mails_received"] = sink.received - received
            report[n] = results
            print(_table(n, results), "\n", flush=True)
            for phase, result in results.items():
                if phase in HANDOVER_PHASES:
                    print(
                        f"  ({phase}) the SMTP sink received {result['mails_received']:,} notices",
                        file=sys.stderr,
                    )
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)


if __name__ == "__main__":
    main()
