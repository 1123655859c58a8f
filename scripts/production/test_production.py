"""Odoo's production mode, as an integrator runs it, with our addons on a fresh database.

Started by ``scripts/production_test.sh`` (CI runs it after ``make test``): one Odoo server with
HTTP workers, a cron worker and the gevent process for websockets, on 127.0.0.1, filtered to
its own database. The test proves, through that server only:

- the login page is served by the HTTP workers (the multi-process server, not the threaded one);
- a websocket handshake on the gevent port answers ``101 Switching Protocols`` (the bus, live
  notifications and chatter updates need it; before the setuptools pin the gevent process died at
  start on ``DistributionNotFound: zope.interface`` and was respawned in a loop);
- a cron worker runs a lane of the handover batches (its ``ir.cron`` ``lastcall`` moves).
"""

import base64
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2
import pytest

DB = os.environ["PROD_DB"]
CONF = os.environ["ODOO_CONF"]
ODOO_SRC = os.environ["ODOO_SRC"]
HTTP_PORT = int(os.environ["PROD_HTTP_PORT"])
GEVENT_PORT = int(os.environ["PROD_GEVENT_PORT"])
LOG = Path(os.environ["PROD_LOG"])
LANE_XMLID = ("client_custody_handover", "ir_cron_custody_handover_batches_lane_2")
# Bounds of every wait: the server is on a 2-core machine shared with other work.
START_TIMEOUT = 180
CRON_TIMEOUT = 240


def _db():
    conn = psycopg2.connect(
        dbname=DB,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("PGUSER") or None,
        password=os.environ.get("PGPASSWORD") or None,
    )
    conn.autocommit = True
    return conn


def _lane_cron_id(cr):
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = 'ir.cron'",
        LANE_XMLID,
    )
    return cr.fetchone()[0]


@pytest.fixture(scope="module")
def lane():
    """The second handover lane, due now and never run: the cron worker must pick it up."""
    with _db() as conn, conn.cursor() as cr:
        cron_id = _lane_cron_id(cr)
        cr.execute(
            "UPDATE ir_cron SET active = true, lastcall = NULL,"
            " nextcall = (now() at time zone 'UTC') - interval '1 minute' WHERE id = %s",
            [cron_id],
        )
    return cron_id


@pytest.fixture(scope="module")
def server(lane):
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        f"{ODOO_SRC}/odoo-bin",
        "-c",
        CONF,
        "-d",
        DB,
        f"--db-filter=^{re.escape(DB)}$",
        "--http-interface=127.0.0.1",
        f"--http-port={HTTP_PORT}",
        f"--gevent-port={GEVENT_PORT}",
        "--workers=2",
        "--max-cron-threads=1",
        "--proxy-mode",
        "--limit-time-real-cron=120",
        f"--logfile={LOG}",
    ]
    proc = subprocess.Popen(cmd, start_new_session=True)
    try:
        _wait_http(proc)
        yield proc
    finally:
        # SIGINT is Odoo's graceful stop; the group takes the gevent process with it.
        _stop(proc)


def _stop(proc):
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _log():
    return LOG.read_text(errors="replace") if LOG.exists() else ""


def _wait_http(proc):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Odoo stopped at start (exit {proc.returncode}):\n{_log()[-4000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/web/health", timeout=5):
                return
        except OSError:
            time.sleep(1)
    pytest.fail(f"Odoo did not answer on port {HTTP_PORT} in {START_TIMEOUT}s:\n{_log()[-4000:]}")


def test_login_page_through_http_workers(server):
    """The login page comes from the prefork server's HTTP workers."""
    with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/web/login", timeout=60) as resp:
        body = resp.read().decode()
        assert resp.status == 200
    assert 'name="login"' in body and 'name="password"' in body
    log = _log()
    assert re.search(r"Worker WorkerHTTP \(\d+\) alive", log), log[-4000:]


def _handshake():
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /websocket?version=19.0-2 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{GEVENT_PORT}\r\n"
        f"Origin: http://127.0.0.1:{GEVENT_PORT}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", GEVENT_PORT), timeout=30) as sock:
        sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return head.decode(errors="replace")


def test_websocket_handshake_on_gevent_port(server):
    """The gevent process is up (and stays up) and upgrades /websocket: 101."""
    deadline = time.monotonic() + START_TIMEOUT
    head = ""
    while time.monotonic() < deadline:
        try:
            head = _handshake()
            break
        except OSError:
            time.sleep(1)
    assert head.startswith("HTTP/1.1 101"), f"{head!r}\n{_log()[-4000:]}"
    assert re.search(r"(?im)^upgrade: websocket", head)
    log = _log()
    assert "DistributionNotFound" not in log, log[-4000:]
    assert "Evented Service (longpolling) running" in log


def test_cron_worker_runs_a_handover_lane(server, lane):
    """A cron worker runs the handover batches lane: its lastcall is set."""
    deadline = time.monotonic() + CRON_TIMEOUT
    with _db() as conn, conn.cursor() as cr:
        while time.monotonic() < deadline:
            cr.execute("SELECT lastcall FROM ir_cron WHERE id = %s", [lane])
            if cr.fetchone()[0]:
                break
            time.sleep(2)
        else:
            pytest.fail(f"lane cron {lane} never ran in {CRON_TIMEOUT}s:\n{_log()[-4000:]}")
    assert re.search(r"Worker WorkerCron \(\d+\) alive", _log())
