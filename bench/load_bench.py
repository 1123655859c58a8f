"""Benchmark: what a sales team feels while a large departure runs (issue #25, item 7).

An Odoo server as in production (prefork: 4 HTTP workers, two cron workers running the two
handover lanes) on a database with N clients held by one leaver and 2,000 clients nobody moves
(set up set-based, then ``VACUUM ANALYZE``). Ten salespeople, each with an HTTP session of their
own (``/web/session/authenticate`` then the web client's JSON-RPC calls), repeat what they do
all day: open the contacts list (``web_search_read``, 80 rows, the pager's count limited as the
web client limits it), open a client's form (``web_read``) and save a client (``web_save`` of
the phone), half of the forms and saves on clients the handover moves, half on the others.
Measured twice: quiet (no handover running) and while the departure runs on the two cron
workers, from its start to done (the refusal windows closed by moving their deadline, as
``handover_bench.py`` (w2) does).

Reports per action and phase: count, p50 / p95 / max response time, errors, saves answered
"being moved by a running handover" (``client_custody_handover/models/res_partner.py``: a save
of a client a running handover moves waits at most 1.5 s for its row), and what the database's
backends were doing (``pg_stat_activity`` sampled every 0.2 s): the longest lock wait, what the
active backends waited on, and which statement waited on which. Nothing is asserted.

    python bench/load_bench.py --config .state/odoo.conf --db custody_load --clients 100000
(``scripts/load_bench.sh`` makes the database and runs it; ``BENCH_LOAD_CLIENTS`` sets N.)
"""

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.cookiejar import CookieJar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from handover_bench import (
    QUIET,
    SUCCESSORS,
    SmtpSink,
    _analyze,
    _draft,
    _employee,
    _free_port,
    _odoo,
)

USERS = 10
THINK = 0.2  # seconds between two actions of one salesperson
MOVED = "is being moved by a running handover"  # the save's answer (res_partner.py, handover)
OTHERS = 2000  # clients nobody moves: the other half of the forms and saves
CHUNK = 10000
# What the web client's list asks for the pager (DEFAULT_COUNT_LIMIT + 1): counting every
# client on each page would be a cost the real list does not pay.
COUNT_LIMIT = 10001


class Salesperson(threading.Thread):
    def __init__(self, base, db, login, clients, moving, stop, out):
        super().__init__(daemon=True)
        self.base, self.db, self.login = base, db, login
        self.clients, self.moving, self.stop, self.out = clients, moving, stop, out
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.rng = random.Random(login)

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        req = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": "application/json"}
        )
        with self.opener.open(req, timeout=120) as resp:
            return json.loads(resp.read())

    def _call(self, model, method, args, kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def run(self):
        self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )
        spec = {"display_name": {}, "email": {}, "phone": {}, "user_id": {"fields": {}}}
        while not self.stop.is_set():
            action = self.rng.choice(("list", "form", "save"))
            pool = "moving" if self.rng.random() < 0.5 else "others"
            client = self.rng.choice(self.moving if pool == "moving" else self.clients)
            start = time.perf_counter()
            if action == "list":
                answer = self._call(
                    "res.partner",
                    "web_search_read",
                    [],
                    {
                        "domain": [["is_company", "=", True]],
                        "specification": spec,
                        "limit": 80,
                        "offset": self.rng.randrange(0, max(len(self.clients) - 80, 1)),
                        "count_limit": COUNT_LIMIT,
                    },
                )
            elif action == "form":
                answer = self._call(
                    "res.partner",
                    "web_read",
                    [[client]],
                    {"specification": {**spec, "custodian_id": {"fields": {}}}},
                )
            else:
                answer = self._call(
                    "res.partner",
                    "web_save",
                    [[client], {"phone": f"+86 21 {self.rng.randrange(10**7):07d}"}],
                    {"specification": {"display_name": {}}},
                )
            elapsed = time.perf_counter() - start
            error = (
                answer.get("error", {}).get("data", {}).get("message")
                if "error" in answer
                else None
            )
            self.out.append((action, elapsed, error, pool if action != "list" else "-"))
            time.sleep(THINK)


class ActivitySampler(threading.Thread):
    """What the database's backends are doing, every 0.2 s (``pg_stat_activity``): the longest
    lock wait and how many samples saw one, what the active backends wait on (CPU when
    nothing), and, for lock waits, which statement waits and which one blocks it."""

    def __init__(self, odoo, db, stop):
        super().__init__(daemon=True)
        self.odoo, self.db, self.stop = odoo, db, stop
        self.max_wait = 0.0
        self.samples = self.waiting_samples = 0
        self.waits = {}  # (role, wait) -> samples
        self.lock_waits = {}  # (role, statement, blocker role, blocker statement) -> samples

    @staticmethod
    def _role(app):
        """The bench's own connections (it moves the refusal windows) or Odoo's. Odoo's HTTP
        and cron workers cannot be told apart here: a worker's connections are named after
        the process that configured them, the server's master, not the worker."""
        return "bench" if app == f"odoo-{os.getpid()}" else "odoo"

    def run(self):
        with self.odoo.sql_db.db_connect("postgres").cursor() as cr:
            while not self.stop.is_set():
                cr.execute(
                    """SELECT a.pid, a.application_name,
                              coalesce(a.wait_event_type || ':' || a.wait_event, 'CPU'),
                              left(regexp_replace(a.query, '\\s+', ' ', 'g'), 100),
                              extract(epoch FROM now() - a.query_start),
                              pg_blocking_pids(a.pid)
                         FROM pg_stat_activity a
                        WHERE a.datname = %s AND a.state = 'active'
                          AND a.pid <> pg_backend_pid()""",
                    [self.db],
                )
                rows = cr.fetchall()
                cr.rollback()
                by_pid = {row[0]: row for row in rows}
                self.samples += 1
                waiting = [row for row in rows if row[2].startswith("Lock:")]
                self.waiting_samples += bool(waiting)
                for _pid, app, wait, query, seconds, blockers in rows:
                    key = (self._role(app), wait)
                    self.waits[key] = self.waits.get(key, 0) + 1
                    if wait.startswith("Lock:"):
                        self.max_wait = max(self.max_wait, float(seconds or 0))
                        blocker = by_pid.get(blockers[0]) if blockers else None
                        lock_key = (
                            self._role(app),
                            query,
                            self._role(blocker[1]) if blocker else "?",
                            blocker[3] if blocker else "(idle in transaction or gone)",
                        )
                        self.lock_waits[lock_key] = self.lock_waits.get(lock_key, 0) + 1
                time.sleep(0.2)

    def report(self):
        return {
            "max_lock_wait": self.max_wait,
            "lock_wait_samples": f"{self.waiting_samples}/{self.samples}",
            "waits": [
                {"role": role, "wait": wait, "samples": count}
                for (role, wait), count in sorted(self.waits.items(), key=lambda kv: -kv[1])
            ][:15],
            "lock_waits": [
                {
                    "role": role,
                    "statement": query,
                    "blocker_role": brole,
                    "blocker": bquery,
                    "samples": count,
                }
                for (role, query, brole, bquery), count in sorted(
                    self.lock_waits.items(), key=lambda kv: -kv[1]
                )
            ][:8],
        }


def _setup(odoo, registry, n, smtp_port):
    """The leaver, the successors, N clients the leaver holds and OTHERS clients nobody moves
    (enough that two salespeople rarely save the same one at once), committed; then
    ``VACUUM ANALYZE`` as autovacuum would (it is off on the project's machines).

    Set-based: each kind of client is one client made through the ORM (every stored field as
    Odoo computes it) copied in one INSERT per 10,000; the leaver's custody is set by the move
    service (``custody.assignment._move``, set-based) as a real leaver's would be."""
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        group = env.ref("client_custody.group_custody_user").id
        leaver = _employee(env, "Leaver load", group)
        successors = [_employee(env, f"Successor load {i}", group) for i in range(SUCCESSORS)]
        env["crm.team"].with_context(**QUIET).create(
            {
                "name": "Load bench team",
                "user_id": leaver.user_id.id,
                "member_ids": [(6, 0, [s.user_id.id for s in successors])],
            }
        )
        # The notices go to the bench's SMTP sink, through Odoo's mail server settings.
        env["ir.mail_server"].search([]).write({"active": False})
        env["ir.mail_server"].create(
            {"name": "Bench SMTP sink", "smtp_host": "127.0.0.1", "smtp_port": smtp_port}
        )
        moving = _copies(env, "Client load", n, leaver.user_id)
        Assignment = env["custody.assignment"].with_context(**QUIET)
        for start in range(0, n, CHUNK):
            # The leaver holds the clients in the ledger, as a real leaver would.
            Assignment._move(env["res.partner"].browse(moving[start : start + CHUNK]), leaver)
            cr.commit()
            env.invalidate_all()
        others = _copies(env, "Quiet client", OTHERS, env["res.users"])
        cr.commit()
        data = {
            "leaver": leaver.id,
            "successors": [s.id for s in successors],
            "moving": moving,
            "others": others,
        }
    _analyze(registry)
    return data


def _copies(env, prefix, n, user):
    """N clients named ``prefix 000000`` …: the first through the ORM, the others copies of
    its row (every column but the id, the names and the e-mail address), in one INSERT per
    CHUNK."""
    from odoo.tools import SQL  # noqa: PLC0415  (Odoo is configured by _odoo first)

    cr = env.cr
    first = (
        env["res.partner"]
        .with_context(**QUIET)
        .create(
            {
                "name": f"{prefix} {0:06d}",
                "is_company": True,
                "email": f"{prefix.lower().replace(' ', '.')}.0@example.com",
                "user_id": user.id,
            }
        )
    )
    env.flush_all()
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'res_partner'"""
    )
    own = {"id", "commercial_partner_id", "name", "complete_name", "commercial_company_name"}
    own |= {"email", "email_normalized"}
    copied = sorted(row[0] for row in cr.fetchall() if row[0] not in own)
    ids = [first.id]
    for start in range(1, n, CHUNK):
        cr.execute(
            SQL(
                """INSERT INTO res_partner (id, commercial_partner_id, name, complete_name,
                                            commercial_company_name, email, email_normalized,
                                            %(columns)s)
                   SELECT v.id, v.id, v.name, v.name, v.name, v.email, v.email, %(copied)s
                     FROM res_partner t,
                          (SELECT nextval('res_partner_id_seq') AS id,
                                  %(prefix)s || ' ' || lpad(i::text, 6, '0') AS name,
                                  %(mail)s || '.' || i || '@example.com' AS email
                             FROM generate_series(%(start)s, %(stop)s) i) v
                    WHERE t.id = %(first)s
                RETURNING id""",
                columns=SQL(", ").join(SQL.identifier(c) for c in copied),
                copied=SQL(", ").join(SQL.identifier("t", c) for c in copied),
                prefix=prefix,
                mail=prefix.lower().replace(" ", "."),
                start=start,
                stop=min(start + CHUNK, n) - 1,
                first=first.id,
            )
        )
        ids += sorted(row[0] for row in cr.fetchall())
    return ids


def _people(odoo, registry, n_users):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        groups = [
            env.ref(xmlid).id
            for xmlid in (
                "base.group_user",
                "base.group_partner_manager",
                "sales_team.group_sale_salesman",
                "client_custody.group_custody_user",
            )
        ]
        logins = [f"load.sales.{i}" for i in range(n_users)]
        Users = env["res.users"].with_context(**QUIET)
        for login in logins:
            if not Users.search([("login", "=", login)]):
                Users.create(
                    {
                        "name": login,
                        "login": login,
                        "password": login,
                        "group_ids": [(6, 0, groups)],
                    }
                )
        cr.commit()
    return logins


def _server(odoo, config, db, port):
    log = os.path.join(tempfile.gettempdir(), f"{db}-load-server.log")
    cmd = [
        sys.executable,
        os.path.join(os.path.dirname(odoo.__path__[0]), "odoo-bin"),
        *("-c", config, "-d", db, f"--db-filter=^{db}$"),
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={port + 8}",
        "--workers=4",
        "--max-cron-threads=2",
        "--limit-time-real=600",
        "--limit-time-real-cron=0",
        "--log-level=warn",
        f"--logfile={log}",
    ]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, start_new_session=True)
    for _attempt in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=5):
                return server, log
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"Odoo did not start (log: {log})")


@contextlib.contextmanager
def _smtp_sink():
    """The SMTP sink in a process of its own: in this one it would share the interpreter lock
    with the ten salespeople's threads, and the handover's notices would wait on the bench
    (seen: cron workers at 1 % CPU, waiting for the sink, telling 300 clients a minute)."""
    port = _free_port()
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_serve_sink, args=(port, ready), daemon=True)
    sink.start()
    if not ready.wait(30):
        raise SystemExit("The SMTP sink did not start")
    try:
        yield port
    finally:
        sink.terminate()
        sink.join(10)


def _serve_sink(port, ready):
    sink = SmtpSink()
    sink.port = port
    with sink:
        ready.set()
        threading.Event().wait()


def _run_users(base, db, logins, clients, moving, stop):
    out = []
    users = [Salesperson(base, db, login, clients, moving, stop, out) for login in logins]
    for user in users:
        user.start()
    return users, out


def _line_states(cr, handover_id):
    cr.execute(
        """SELECT state, told_at IS NOT NULL, count(*) FROM custody_handover_line
            WHERE handover_id = %s GROUP BY 1, 2 ORDER BY 1, 2""",
        [handover_id],
    )
    return [f"{state}{' told' if told else ''}: {count}" for state, told, count in cr.fetchall()]


def _stats(samples):
    report = {}
    for action in ("list", "form", "save"):
        times = sorted(t for a, t, _e, _p in samples if a == action)
        errors = [e for a, _t, e, _p in samples if a == action and e]
        if not times:
            continue
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        report[action] = {
            "count": len(times),
            "p50": statistics.median(times),
            "p95": p95,
            "max": times[-1],
            "errors": len(errors),
            "moved_answers": sum(MOVED in e for e in errors),
            # A client nobody moves is never answered "being moved" (two salespeople saving
            # one client is Odoo's own retry, last write wins).
            "moved_answers_not_moving": sum(
                bool(e) and MOVED in e and p == "others" for a, _t, e, p in samples if a == action
            ),
            "other_errors": sorted({e[:120] for e in errors if MOVED not in e})[:3],
        }
    return report


def main():  # noqa: PLR0915  (one straight script: quiet phase, then loaded phase)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=10000)
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--http-port", type=int, default=8069)
    parser.add_argument("--quiet-seconds", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=1800, help="bound of the loaded phase")
    parser.add_argument(
        "--accept-told",
        action="store_true",
        help="close each told client's window within 15 s rather than once every client is "
        "told: telling and accepting then run side by side (for a run bounded by --timeout)",
    )
    parser.add_argument("--json")
    args = parser.parse_args()

    # The sink's process is forked before this one opens any database connection.
    with _smtp_sink() as smtp_port:
        odoo, registry = _odoo(args.config, args.db)
        print(f"Preparing {args.clients:,} clients …", file=sys.stderr, flush=True)
        began = time.perf_counter()
        data = _setup(odoo, registry, args.clients, smtp_port)
        setup_seconds = time.perf_counter() - began
        print(f"Prepared in {setup_seconds:.0f} s", file=sys.stderr, flush=True)
        logins = _people(odoo, registry, args.users)
        moving, others = data["moving"], data["others"]
        server, log = _server(odoo, args.config, args.db, args.http_port)
        print(f"Odoo server (4 HTTP workers, 2 cron workers), log: {log}", file=sys.stderr)
        base = f"http://127.0.0.1:{args.http_port}"
        results = {}
        try:
            # Quiet: the same actions, no handover running.
            stop = threading.Event()
            sampler = ActivitySampler(odoo, args.db, stop)
            sampler.start()
            load_before = os.getloadavg()
            users, out = _run_users(base, args.db, logins, others, moving, stop)
            time.sleep(args.quiet_seconds)
            stop.set()
            for user in users:
                user.join(timeout=180)
            results["quiet"] = {
                "seconds": args.quiet_seconds,
                "actions": _stats(out),
                "load_average": [load_before, os.getloadavg()],
                **sampler.report(),
            }
            # Loaded: the departure of N clients runs on the two cron workers.
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                admin = env.ref("base.user_admin")
                leaver = env["hr.employee"].browse(data["leaver"])
                successors = env["hr.employee"].browse(data["successors"])
                handover = _draft(env(user=admin), leaver, successors)
                handover.item_ids.action_mark_returned()
                cr.commit()
                stop = threading.Event()
                sampler = ActivitySampler(odoo, args.db, stop)
                sampler.start()
                load_before = os.getloadavg()
                users, out = _run_users(base, args.db, logins, others, moving, stop)
                time.sleep(5)  # the users are in full swing when the handover starts
                began = time.perf_counter()
                handover.with_user(admin).action_start()
                cr.commit()
                deadline = time.monotonic() + args.timeout
                moved_windows, told_after = False, None
                state, untold_from, next_close = None, 0, 0
                while time.monotonic() < deadline:
                    # Cheap on purpose (index on (handover, state, id)): counting the 100,000
                    # lines took 0.3 s a poll, a share of the machine the handover then lacked.
                    # Lines are told in id order: each poll starts at the first untold line the
                    # previous one found.
                    cr.execute(
                        """SELECT h.state,
                                  EXISTS(SELECT 1 FROM custody_handover_line l
                                          WHERE l.handover_id = h.id AND l.state = 'draft'),
                                  (SELECT min(l.id) FROM custody_handover_line l
                                    WHERE l.handover_id = h.id AND l.state = 'waiting'
                                      AND l.id >= %s AND l.told_at IS NULL)
                             FROM custody_handover h WHERE h.id = %s""",
                        [untold_from, handover.id],
                    )
                    state, drafts, first_untold = cr.fetchone()
                    if state == "done":
                        break
                    if first_untold and not drafts:
                        # Only once every line is launched: two lanes launch side by side, and
                        # a batch committing after the other's would land below the mark.
                        untold_from = first_untold
                    if args.accept_told and time.monotonic() >= next_close:
                        cr.execute(
                            """UPDATE custody_handover_line
                                  SET window_end = (now() AT TIME ZONE 'UTC') - INTERVAL '1 second'
                                WHERE handover_id = %s AND state = 'waiting'
                                  AND told_at IS NOT NULL
                                  AND window_end > (now() AT TIME ZONE 'UTC')""",
                            [handover.id],
                        )
                        if cr.rowcount:
                            env["custody.handover"]._trigger_batches()
                        next_close = time.monotonic() + 15
                    if not drafts and not first_untold and not moved_windows:
                        cr.execute(
                            """UPDATE custody_handover_line
                                  SET window_end = (now() AT TIME ZONE 'UTC') - INTERVAL '1 second'
                                WHERE handover_id = %s AND state = 'waiting'""",
                            [handover.id],
                        )
                        env["custody.handover"]._trigger_batches()
                        moved_windows = True
                        told_after = time.perf_counter() - began
                    cr.commit()
                    time.sleep(1)
                wall = time.perf_counter() - began
                stop.set()
                for user in users:
                    user.join(timeout=180)
                lines = _line_states(cr, handover.id)
            results["handover"] = {
                "seconds": wall,
                "told_after_seconds": told_after,
                "accept_told": args.accept_told,
                "timeout": args.timeout,
                "lines": lines,
                "handover_state": state,
                "actions": _stats(out),
                "load_average": [load_before, os.getloadavg()],
                **sampler.report(),
            }
            results["setup_seconds"] = setup_seconds
        finally:
            server.terminate()
            server.wait(timeout=60)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)
    _print(args, results)


def _print(args, results):
    print(f"\n{args.clients:,} clients, {args.users} salespeople over HTTP, think time {THINK}s")
    print(
        f"{'phase':9} {'action':6} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'errors':>6} {'moved':>6}"
    )
    for phase in ("quiet", "handover"):
        for action, s in results[phase]["actions"].items():
            print(
                f"{phase:9} {action:6} {s['count']:6} {1000 * s['p50']:8.0f} "
                f"{1000 * s['p95']:8.0f} {1000 * s['max']:8.0f} {s['errors']:6} "
                f"{s['moved_answers']:6}"
            )
            for error in s["other_errors"]:
                print(f"    other error: {error}")
        for wait in results[phase]["waits"][:8]:
            print(f"    {wait['role']:5} {wait['wait']:28} {wait['samples']:6} samples")
        for lock in results[phase]["lock_waits"][:5]:
            print(
                f"    lock wait ({lock['samples']} samples): {lock['role']} {lock['statement']!r}"
                f"  blocked by {lock['blocker_role']} {lock['blocker']!r}"
            )
        print(
            f"{phase:9} longest lock wait seen: {results[phase]['max_lock_wait']:.2f} s "
            f"(samples with a wait: {results[phase]['lock_wait_samples']}), "
            f"phase {results[phase]['seconds']:.0f} s"
        )
    quiet, busy = results["quiet"]["actions"], results["handover"]["actions"]
    for action in ("list", "form", "save"):
        if action in quiet and action in busy:
            print(f"p95 {action}: {busy[action]['p95'] / quiet[action]['p95']:.2f}x quiet")
    busy_phase = results["handover"]
    print(
        f"handover: {busy_phase['handover_state']} in {busy_phase['seconds']:.0f} s "
        f"(every client told after {busy_phase['told_after_seconds'] or 0:.0f} s); "
        f"setup {results['setup_seconds']:.0f} s; lines: {', '.join(busy_phase['lines'])}"
    )


if __name__ == "__main__":
    main()
