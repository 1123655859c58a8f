"""The batch lanes of background handovers: scheduled actions that start, tell and accept the
clients of large handovers batch after batch, several lanes side by side (see bench/README.md)."""

import logging
import math
import resource
import time
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Handovers with more lines than the company's threshold run in the background, in batches of:
BATCH_SIZE_KEY = "client_custody.batch_size"
DEFAULT_BATCH_SIZE = 1000
MAX_BATCH_SIZE = 100_000
# A lane ends its run, and is woken again at once, when less CPU time than this (seconds) is
# left under the limit Odoo's prefork cron workers run with (--limit-time-cpu, 60 s by default,
# per unit of work): a worker over it is killed, mid-batch (bench/README.md).
CPU_RESERVE_SECONDS = 15
# A notice queued by a lane that stopped before sending it (a killed worker) is sent by Odoo's
# mail queue, woken this long after the notice was queued (minutes).
STRANDED_NOTICE_MINUTES = 5
# The lanes' system parameters: key -> (default, lowest, highest), checked where they are set
# (ir.config_parameter) and read by ``_lane_param``.
LANE_PARAMS = {
    BATCH_SIZE_KEY: (DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
}
# The code of the batches scheduled action: each active copy of it is one more lane.
LANE_CODE = "model._cron_process_batches()"


class CustodyHandover(models.Model):
    _inherit = "custody.handover"

    def _lock_for_lane(self):
        """Lock this handover's row for this transaction, unless another transaction holds
        it or changed it since this one began (two lanes finishing one handover together):
        then False, and the lanes are woken to look again on fresh data, so that whatever this
        transaction leaves (completing it, saying its launch is done) is still done."""
        self.ensure_one()
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM custody_handover WHERE id = %s "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        self.id,
                    ),
                    log_exceptions=False,
                )
                if self.env.cr.fetchone():
                    return True
        except SerializationFailure:
            _logger.info("%s changed by another transaction: left to the next run", self.name)
        self._trigger_batches()
        return False

    # ------------------------------------------------------------------
    # Scheduled actions: batches
    # ------------------------------------------------------------------
    @api.model
    def _lane_param(self, key):
        """A lane's system parameter (``LANE_PARAMS``): a whole number in its range; a stored
        value that is not one falls back to the default with a warning in the log: a typo
        must never stall every background handover."""
        default, low, high = LANE_PARAMS[key]
        param = self.env["ir.config_parameter"].sudo().get_param(key)
        if not param:
            return default
        try:
            value = int(str(param).strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            _logger.warning(
                "%s is %r, not a whole number from %s to %s: %s used",
                key,
                param,
                low,
                high,
                default,
            )
            return default
        return value

    @api.model
    def _batch_size(self):
        """The system parameter ``client_custody.batch_size`` (1 to ``MAX_BATCH_SIZE``)."""
        return self._lane_param(BATCH_SIZE_KEY)

    @api.model
    def _cpu_time_left(self):
        """CPU seconds this process may still use before the kernel stops it (RLIMIT_CPU,
        which Odoo's prefork workers set to --limit-time-cpu per unit of work); infinite
        where no limit is set (threaded server, tests)."""
        soft, _hard = resource.getrlimit(resource.RLIMIT_CPU)
        if soft == resource.RLIM_INFINITY:
            return math.inf
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return soft - usage.ru_utime - usage.ru_stime

    @api.model
    def _cpu_allows(self, batch_cpu=0.0):
        """In a scheduled action, whether another batch fits in the CPU time left: at least
        ``CPU_RESERVE_SECONDS``, and twice what the last batch took."""
        if not self.env.context.get("cron_id"):
            return True
        return self._cpu_time_left() > max(CPU_RESERVE_SECONDS, 2 * batch_cpu)

    @api.model
    def _commit_batch(self, processed, remaining):
        """Commit a finished batch when running as a scheduled action.

        Each batch is one transaction: a crash loses at most the batch under way, and its lines
        are still in their previous state, so the next run takes them again. Returns False when
        the scheduled action's time is up (it is then rescheduled at once).
        """
        if not self.env.context.get("cron_id"):
            return True
        time_left = self.env["ir.cron"]._commit_progress(processed, remaining=remaining)
        # Committed: drop the batch from the cache, so that memory and prefetching stay the
        # size of one batch however many the run goes through.
        self.env.invalidate_all()
        return bool(time_left)

    @api.model
    def _batch_lanes(self):
        """The scheduled actions that process handovers in batches: the module ships two
        lanes, and every active copy an administrator makes is one more (for more cron
        workers, or Odoo servers, than two)."""
        return (
            self.env["ir.cron"]
            .sudo()
            .search([("model_id.model", "=", self._name), ("code", "=", LANE_CODE)])
        )

    @api.model
    def _trigger_batches(self, at=None):
        """Wake every lane (at ``at``, or now): the free cron workers share the work."""
        for lane in self._batch_lanes():
            lane._trigger(at)

    @api.model
    def _cron_process_batches(self, batch_size=None):
        """Start the clients of background handovers, tell them (notices rendered, queued and
        sent), then accept those told whose window closed.

        Each step claims a handover's lines by state, in id order, straight off the index on
        (handover, state, id), in batches, with row locks that skip locked rows: several lanes
        of this scheduled action, run by several cron workers (or servers), work through one
        handover side by side, each line taken by one. Each batch is committed; nothing is
        remembered between runs but the lines themselves.
        """
        if not self._cpu_allows():
            # Too little CPU time left in this unit of work: nothing done, the lanes are
            # woken again (Odoo ends this job's run when a call does nothing).
            return self._time_up()
        size = batch_size or self._batch_size()
        Line = self.env["custody.handover.line"].sudo()
        now = fields.Datetime.now()
        handover_ids = self.sudo().search([("state", "=", "in_progress")]).ids
        launch = [[("handover_id", "=", hid), ("state", "=", "draft")] for hid in handover_ids]
        notify = [
            [
                ("handover_id", "=", hid),
                ("state", "=", "waiting"),
                ("notice_state", "in", ("queued", "failed")),
            ]
            for hid in handover_ids
        ]
        accept = [
            [
                ("handover_id", "=", hid),
                ("state", "=", "waiting"),
                ("window_end", "<=", now),
                ("told_at", "!=", False),
            ]
            for hid in handover_ids
        ]
        remaining = sum(Line.search_count(domain) for domain in launch + notify + accept)
        # A fresh snapshot before claiming: rows another worker committed meanwhile are then
        # seen as done, not locked again (which repeatable read would refuse to serialize).
        # Whatever time is left, each run does at least one batch (Odoo's cron calls a job
        # ten times at least, and counts on each call to progress).
        self._commit_batch(0, remaining)
        for domain in launch:
            remaining = self._run_batches(domain, size, self._process_launch_batch, remaining)
            if remaining is None:
                return self._time_up()
        self._finish_background_launches()
        self._commit_batch(0, remaining)
        for domain in notify:
            remaining = self._run_batches(
                domain, size, self._process_notice_batch, remaining, once=True
            )
            if remaining is None:
                return self._time_up()
        for domain in accept:
            remaining = self._run_batches(domain, size, self._process_accept_batch, remaining)
            if remaining is None:
                return self._time_up()
        # Another worker may have taken the last lines while this one still saw them open.
        self.sudo().browse(handover_ids)._try_complete()

    @api.model
    def _time_up(self):
        """The scheduled action's time is up with work left: Odoo reschedules it, but a cron
        worker would only come back to it at its next wake-up (up to a minute later); the
        lanes are woken at once instead (a trigger now notifies the workers at commit)."""
        self._trigger_batches()

    @api.model
    def _claim_lines(self, domain, size, after_id=0):
        """The next ``size`` lines of ``domain`` (after ``after_id``) in id order, locked for
        this transaction; lines another transaction holds are skipped (SKIP LOCKED).

        In a scheduled action, where each batch is its own transaction, a line another lane
        committed after this transaction's snapshot cannot be locked (repeatable read refuses
        to serialize): the claim is then taken again on a fresh snapshot, where that line no
        longer matches."""
        Line = self.env["custody.handover.line"].sudo()
        if after_id:
            domain = [*domain, ("id", ">", after_id)]
        Line.flush_model()
        query = Line._search(domain, order="id", limit=size)
        claim = SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(Line._table))
        for attempt in range(5):
            try:
                self.env.cr.execute(claim, log_exceptions=False)
                break
            except SerializationFailure:
                # Only at the start of a batch's own transaction: nothing of ours is lost.
                if not self.env.context.get("cron_id") or attempt == 4:
                    raise
                self.env.cr.rollback()
        return Line.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _run_batches(self, domain, size, process, remaining, once=False):
        """Process the lines of ``domain`` batch after batch, committing each (see
        ``_commit_batch``). Returns what is left to do, or None when the time (or the CPU
        time, ``_cpu_allows``) is up.

        Each claim starts after the last line this run took (keyset pagination): a batch never
        walks again over the lines already processed, whose old index entries stay until the
        table is vacuumed (a claim from the start would cost O(lines done), the whole handover
        O(N²)). Lines another lane held and gave back are picked up by one more look from
        the start, unless ``once``: each line at most once in this run (for work that may
        leave a line in the domain, such as a notice that fails again)."""
        last_id, conflicts, looked_again = 0, 0, False
        while True:
            cpu_started = time.process_time()
            batch = self._claim_lines(domain, size, after_id=last_id)
            if not batch:
                if once or looked_again or not last_id:
                    return remaining
                last_id, looked_again = 0, True
                continue
            try:
                process(batch)
            except SerializationFailure:
                # Another lane changed a row this batch needs (a successor's capacity claim)
                # after this batch began: in a scheduled action the batch is its own
                # transaction, so it is rolled back whole and taken again.
                conflicts += 1
                if not self.env.context.get("cron_id") or conflicts > 20:
                    raise
                self.env.cr.rollback()
                continue
            last_id = max(batch.ids)
            remaining = max(remaining - len(batch), 0)
            committed = self._commit_batch(len(batch), remaining)
            if not committed or not self._cpu_allows(time.process_time() - cpu_started):
                return None

    @api.model
    def _process_launch_batch(self, lines):
        for handover, handover_lines in lines.grouped("handover_id").items():
            handover._launch_lines(handover_lines)

    @api.model
    def _finish_background_launches(self):
        """Once no client of theirs is left in draft, background handovers say so (once)."""
        Line = self.env["custody.handover.line"].sudo()
        for handover in self.sudo().search([("background_state", "=", "running")]):
            if Line.search_count(
                [("handover_id", "=", handover.id), ("state", "=", "draft")], limit=1
            ):
                continue
            if not handover._lock_for_lane():
                continue
            handover.background_state = "done"
            handover._post_launch_summary(
                handover.waiting_count, handover.retained_count, handover.over_capacity_count
            )

    @api.model
    def _process_accept_batch(self, lines):
        """Accept the batch; clients whose successor can no longer hold clients (left, or lost
        custody access) wait for another one, and the other clients go on. The clients' rows
        are held from the start of the batch (``_lock_clients``)."""
        lines._lock_clients()
        left = lines._successor_ineligible()
        if left:
            left._set_state("successor_left")
            for handover, handover_lines in left.grouped("handover_id").items():
                handover.message_post(
                    body=self.env._(
                        "%(count)s client(s) wait for another successor: %(successors)s can no "
                        "longer hold clients.",
                        count=len(handover_lines),
                        successors=", ".join(handover_lines.successor_id.sudo().mapped("name")),
                    )
                )
        accepted = lines - left
        accepted._accept()

    @api.model
    def _process_notice_batch(self, lines):
        """Render and queue the notices of the batch, then send them: each client is told
        when their mail is sent (in a scheduled action, committed per chunk of mails)."""
        mails = lines._send_notices()
        if mails:
            # Should this worker stop before sending them (killed), the mail queue sends them.
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger(
                fields.Datetime.now() + timedelta(minutes=STRANDED_NOTICE_MINUTES)
            )
            mails.send(auto_commit=bool(self.env.context.get("cron_id")))

    @api.model
    def _cron_send_notices(self, batch_size=None):
        """Render, queue and send the client notices in batches (the failed ones retried once
        per run); each client's window opens when their mail is sent."""
        if not self._cpu_allows():
            self.env.ref("client_custody_handover.ir_cron_custody_handover_notices")._trigger()
            return
        batch_size = batch_size or self._batch_size()
        Line = self.env["custody.handover.line"].sudo()
        domain = [("state", "=", "waiting"), ("notice_state", "in", ("queued", "failed"))]
        remaining = Line.search_count(domain)
        self._commit_batch(0, remaining)  # at least one batch per run (see the batches)
        if (
            self._run_batches(domain, batch_size, self._process_notice_batch, remaining, once=True)
            is None
        ):
            self.env.ref("client_custody_handover.ir_cron_custody_handover_notices")._trigger()
