import logging
import secrets
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, plaintext2html

from odoo.addons.client_custody.models.custody_client import TIERS
from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from ..states import (
    CLOSED_LINE_STATES,
    LINE_TRANSITIONS,
    LOCKED_LINE_STATES,
    OPEN_LINE_STATES,
    REASSIGNABLE_STATES,
    TOLD_CHANNELS,
)

_logger = logging.getLogger(__name__)

CUSTODY_USER = "client_custody.group_custody_user"
CUSTODY_MANAGER = "client_custody.group_custody_manager"
# Bulk moves are logged once on the handover and kept in the ledger; per-record chatter tracking
# and "you have been assigned" mails would cost a dozen queries per client.
BULK_CONTEXT = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "mail_auto_subscribe_no_notify": True,
}


# What planning a line sets (``create``), whatever a caller sends.
PLANNED_FIELDS = ("partner_id", "tier", "handover_id")


class CustodyHandoverLine(models.Model):
    """One client in a handover, with its own status (WeCom: waiting, accepted, refused,
    successor over capacity) and its own decline link."""

    _name = "custody.handover.line"
    _description = "Client Handover Line"
    _inherit = ["custody.guarded.mixin"]
    _order = "handover_id, successor_id, id"
    _rec_name = "partner_id"
    # Set when the line is planned (client, tier, handover) or by the line's own transitions
    # (``_set_state`` and the steps it names): never by a form, an import or an RPC write.
    _guarded_fields = (
        "state",
        "tier",
        "partner_id",
        "handover_id",
        "told_at",
        "told_channel",
        "accepted_on",
        "previous_employee_id",
        "previous_user_id",
        "new_assignment_id",
        "undone",
    )

    handover_id = fields.Many2one("custody.handover", required=True, ondelete="cascade")
    employee_id = fields.Many2one(related="handover_id.employee_id", store=True)
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    kind = fields.Selection(related="handover_id.kind")
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="restrict"
    )
    tier = fields.Selection(
        TIERS, required=True, readonly=True, help="The tier when the line was made."
    )
    successor_id = fields.Many2one("hr.employee", index=True, ondelete="restrict")
    decision = fields.Selection(
        [("transfer", "Transfer"), ("retain", "Retained by the leaver")],
        required=True,
        default="transfer",
    )
    retain_reason = fields.Text(string="Reason for retaining")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("waiting", "Waiting for client"),
            ("accepted", "Accepted"),
            ("refused", "Refused by client"),
            ("over_capacity", "Successor over capacity"),
            ("successor_left", "Successor left"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
    )
    notice_state = fields.Selection(
        [
            ("queued", "Queued"),
            ("outgoing", "Being sent"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("no_email", "No email address"),
        ],
        string="Notice",
        readonly=True,
        copy=False,
        help="Notices are queued when the handover starts, rendered in batches and handed to "
        "the mail queue; the client is told when the mail is sent. A failed notice is retried. "
        "Clients without an e-mail address are called or visited by their successor.",
    )
    notice_error = fields.Text(readonly=True, copy=False)
    notified_at = fields.Datetime(string="Notice sent", readonly=True, copy=False)
    told_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the client was told of the new contact (the refusal window counts from "
        "then). No client is accepted before being told.",
    )
    told_channel = fields.Selection(TOLD_CHANNELS, readonly=True, copy=False)
    told_activity_id = fields.Many2one(
        "mail.activity",
        string="Introduction activity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The successor's call or visit to a client without an e-mail address.",
    )
    refusal_choice = fields.Selection(
        [("decline", "Declined the new contact"), ("keep", "Rather keeps the previous contact")],
        readonly=True,
        copy=False,
    )
    window_end = fields.Datetime(string="Refusal window ends", readonly=True, copy=False)
    responded_at = fields.Datetime(readonly=True, copy=False)
    refusal_note = fields.Text(readonly=True, copy=False)
    answered_from = fields.Char(
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="Keyed digest of the address the client's answer came from (never the address "
        "itself): what the decline page's per-address limit counts.",
    )
    access_token = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_system",
        default=lambda self: secrets.token_urlsafe(32),
    )
    accepted_on = fields.Datetime(readonly=True, copy=False)
    previous_employee_id = fields.Many2one("hr.employee", readonly=True, copy=False)
    previous_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    new_assignment_id = fields.Many2one("custody.assignment", readonly=True, copy=False)
    undone = fields.Boolean(readonly=True, copy=False)
    can_notify_again = fields.Boolean(
        compute="_compute_can_notify_again",
        help="The client waits for a successor and the one now chosen can receive it.",
    )

    # A line is open until its client is accepted or the line cancelled; a handover completes
    # only when all its lines are closed and cancelling it cancels the open ones, so an open
    # line is exactly a client still moving in a running handover. Keyed on the line's own
    # state, the index costs nothing when a handover of 100,000 clients starts or ends.
    _one_running_handover = models.UniqueIndex(
        f"(partner_id) WHERE state NOT IN {CLOSED_LINE_STATES!r}",
        lambda env, diag=None: env._("A client can be in only one running handover."),
    )

    # The scheduled actions take a handover's lines by state in id order, batch after batch:
    # read straight off this index, without sorting or skipping what earlier batches moved on
    # (and without depending on the table's statistics, stale right after a large handover).
    _handover_state_id = models.Index("(handover_id, state, id)")
    _queued_notice = models.Index("(id) WHERE notice_state IN ('queued', 'failed')")
    # The invariant, in the database: nobody is accepted (custody moved) before being told.
    _told_before_accepted = models.Constraint(
        "CHECK(state <> 'accepted' OR decision = 'retain' OR told_at IS NOT NULL)",
        lambda env, diag=None: env._("A client is handed over only once told of the new contact."),
    )

    @api.depends("state", "successor_id", "company_id")
    def _compute_can_notify_again(self):
        """Notify again only fixes a row whose chosen successor can now receive the client."""
        waiting = self.filtered(lambda line: line.state in REASSIGNABLE_STATES)
        successors = waiting.successor_id.sudo()
        held = dict(
            self.env["custody.client"]
            .sudo()
            ._read_group([("custodian_id", "in", successors.ids)], ["custodian_id"], ["__count"])
        )
        with_room = successors.filtered(
            lambda s: not s.custody_capacity or held.get(s, 0) < s.custody_capacity
        )
        for line in self:
            successor = line.successor_id.sudo()
            line.can_notify_again = (
                line in waiting
                and successor in with_room
                and bool(successor._custody_eligible(line.company_id))
            )

    @api.constrains("decision", "tier", "retain_reason")
    def _check_retain(self):
        for line in self.filtered(lambda line: line.decision == "retain"):
            if line.tier == "core":
                raise ValidationError(
                    self.env._(
                        "%(client)s is a core trade-secret client and must be handed over; "
                        "only personal-accumulation clients can be retained.",
                        client=line.partner_id.display_name,
                    )
                )
            if not (line.retain_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why %(client)s is retained by the leaver.",
                        client=line.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        """Lines made one by one (a form, RPC) are planned by the same rules as the wizard's."""
        by_handover = {}
        for vals in vals_list:
            if not vals.get("handover_id") or not vals.get("partner_id"):
                raise ValidationError(self.env._("A handover line needs a handover and a client."))
            by_handover.setdefault(vals["handover_id"], []).append(vals)
        for handover_id, handover_vals in by_handover.items():
            handover = self.env["custody.handover"].browse(handover_id)
            self._plan_vals(handover, handover_vals)
            if handover.state != "draft":
                raise UserError(
                    self.env._(
                        "Clients are added to a handover while it is a draft (%(name)s).",
                        name=handover.name,
                    )
                )
        # Planning is the line's first transition: client, tier and handover set by the rules.
        lines = super(CustodyHandoverLine, transition(self, *PLANNED_FIELDS)).create(vals_list)
        lines = lines.with_env(self.env)
        lines._add_document_items()
        return lines

    @api.model
    def _plan_vals(self, handover, vals_list):
        """The rules every new line follows, however it is made: the client is its commercial
        entity, listed once, in no other running handover, and its tier is the company's record
        of it (whatever a caller sends: a forged "personal" would let a core client be retained).
        Adjusts ``vals_list`` in place."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT p.id, p.commercial_partner_id, COALESCE(c.tier, 'core')
                     FROM res_partner p
                     LEFT JOIN custody_client c ON c.partner_id = p.commercial_partner_id
                                               AND c.company_id = %s
                    WHERE p.id = ANY(%s)""",
                handover.company_id.id,
                [vals["partner_id"] for vals in vals_list],
            )
        )
        commercial, tiers = {}, {}
        for partner_id, commercial_id, tier in self.env.cr.fetchall():
            commercial[partner_id] = commercial_id
            tiers[commercial_id] = tier
        seen = set()
        for vals in vals_list:
            client_id = commercial[vals["partner_id"]]
            if client_id in seen:
                raise ValidationError(
                    self.env._(
                        "%(client)s is listed twice in this handover.",
                        client=self.env["res.partner"].browse(client_id).display_name,
                    )
                )
            seen.add(client_id)
            vals["partner_id"] = client_id
            vals["tier"] = tiers[client_id]
        self._check_not_in_running_handover([vals["partner_id"] for vals in vals_list])

    @api.model
    def _create_planned(self, handover, vals_list):
        """The lines of a new handover, inserted in one statement whatever their number.

        What ``create`` does per record, done per set: the planning rules (``_plan_vals``; the
        unique index is the last word), the decline link's token, then the constraints and
        checklist items of the retained clients. Returns the ids of the lines created.
        """
        if not vals_list:
            return []
        self.check_access("create")
        handover = handover.sudo()
        self._plan_vals(handover, vals_list)
        partner_ids = [vals["partner_id"] for vals in vals_list]
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """INSERT INTO custody_handover_line (
                       handover_id, employee_id, company_id, partner_id, tier, successor_id,
                       decision, retain_reason, state, access_token,
                       create_uid, create_date, write_uid, write_date)
                   SELECT %(handover)s, %(employee)s, %(company)s, v.partner_id, v.tier,
                          v.successor_id, v.decision, v.retain_reason, 'draft', v.token,
                          %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(partners)s::int[], %(tiers)s::varchar[],
                                 %(successors)s::int[], %(decisions)s::varchar[],
                                 %(reasons)s::text[], %(tokens)s::varchar[])
                          AS v(partner_id, tier, successor_id, decision, retain_reason, token)
                RETURNING id""",
                handover=handover.id,
                employee=handover.employee_id.id,
                company=handover.company_id.id,
                uid=self.env.uid,
                now=now,
                partners=partner_ids,
                tiers=[vals["tier"] for vals in vals_list],
                successors=[vals.get("successor_id") or None for vals in vals_list],
                decisions=[vals.get("decision") or "transfer" for vals in vals_list],
                reasons=[vals.get("retain_reason") or None for vals in vals_list],
                tokens=[secrets.token_urlsafe(32) for _vals in vals_list],
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        handover.invalidate_recordset(["line_ids"])
        retained = self.browse(
            line_id
            for line_id, vals in zip(ids, vals_list, strict=True)
            if vals.get("decision") == "retain"
        )
        if retained:
            retained._validate_fields(["decision", "tier", "retain_reason"])
            retained._add_document_items()
        return ids

    @api.model
    def _running_domain(self, partner_ids):
        """Lines that keep these clients in a running handover (what the unique index counts)."""
        return [("partner_id", "in", partner_ids), ("state", "in", OPEN_LINE_STATES)]

    @api.model
    def _running_lines(self, partner_ids, limit=None):
        return self.sudo().search(self._running_domain(partner_ids), limit=limit, order="id")

    def _check_not_in_running_handover(self, partner_ids):
        """Names the first ten clients already in a running handover, and counts the rest."""
        busy = self._running_lines(partner_ids, limit=10)
        if not busy:
            return
        clients = ", ".join(
            f"{line.partner_id.display_name} ({line.handover_id.name})" for line in busy
        )
        if len(busy) == 10:
            more = self.sudo().search_count(self._running_domain(partner_ids)) - 10
            if more:
                clients = self.env._("%(clients)s and %(more)s more", clients=clients, more=more)
        raise ValidationError(
            self.env._(
                "These clients are already in a running handover: %(clients)s.", clients=clients
            )
        )

    def write(self, vals):
        if "successor_id" in vals or "decision" in vals or "retain_reason" in vals:
            locked = self.filtered(lambda line: line.state in LOCKED_LINE_STATES)
            if locked:
                raise UserError(
                    self.env._(
                        "The successor of a notified, accepted or cancelled client cannot be "
                        "changed (%(clients)s).",
                        clients=", ".join(locked.partner_id.mapped("display_name")),
                    )
                )
        res = super().write(vals)
        if vals.get("decision") == "retain":
            self._add_document_items()
        return res

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _check_successor(self, successor):
        self.ensure_one()
        client = self.partner_id.display_name
        successor = successor.sudo()
        if not successor:
            raise UserError(self.env._("Choose a successor for %(client)s.", client=client))
        if successor == self.employee_id:
            raise UserError(
                self.env._(
                    "%(client)s cannot be handed over to the leaver themselves.", client=client
                )
            )
        reason = successor._custody_ineligibility(self.company_id)
        if reason:
            raise UserError(
                self.env._(
                    "%(client)s cannot go to this successor: %(reason)s",
                    client=client,
                    reason=reason,
                )
            )

    def _successor_ineligible(self):
        """The lines among these whose successor can no longer hold clients of the line's
        company (``hr.employee._custody_eligible``, the one rule): archived, moved to another
        company, or their user archived or without custody access."""
        eligible = {
            (successor, company): bool(successor._custody_eligible(company))
            for successor, company in {(line.successor_id, line.company_id) for line in self}
        }
        return self.filtered(
            lambda line: (
                line.decision == "transfer" and not eligible[line.successor_id, line.company_id]
            )
        )

    def _check_transfer_frequency(self):
        """On-the-job transfers of one client are limited (WeCom: 2 per 90 days)."""
        if not self:
            return
        company = self.company_id[:1]
        limit = company.custody_transfer_limit
        if limit <= 0:
            return
        since = fields.Date.context_today(self) - timedelta(
            days=company.custody_transfer_period_days
        )
        groups = (
            self.env["custody.assignment"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("origin", "=", "transfer"),
                    ("date_start", ">=", since),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        over = [partner for partner, count in groups if count >= limit]
        if over:
            raise UserError(
                self.env._(
                    "These clients were already transferred %(limit)s times in the last %(days)s "
                    "days and cannot be transferred again yet: %(clients)s.",
                    limit=limit,
                    days=company.custody_transfer_period_days,
                    clients=", ".join(p.display_name for p in over),
                )
            )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------
    def _apply_capacity(self):
        """Lines beyond their successor's capacity wait for reassignment; returns them.

        A successor's load is the clients they hold plus those already promised to them in
        running handovers (waiting for the client's answer). Two handovers started at once
        must not both promise the last places: the successors' rows are claimed first (an
        UPDATE, not a mere lock, so that under Odoo's repeatable-read isolation the second
        transaction fails to serialize and is retried by Odoo on fresh data instead of
        counting from a stale snapshot).
        """
        successors = self.successor_id.sudo().filtered("custody_capacity")
        if not successors:
            return self.browse()
        self.env.cr.execute(
            SQL(
                "UPDATE hr_employee SET write_date = write_date WHERE id = ANY(%s)",
                sorted(successors.ids),
            )
        )
        waiting = dict(
            self.sudo()._read_group(
                [
                    ("successor_id", "in", successors.ids),
                    ("state", "=", "waiting"),
                    ("id", "not in", self.ids),
                ],
                ["successor_id"],
                ["__count"],
            )
        )
        successors.invalidate_recordset(["custody_client_count"])
        over = self.browse()
        by_successor = self.grouped("successor_id")
        for successor in successors:
            lines = by_successor[successor.with_env(self.env)]
            load = successor.custody_client_count + waiting.get(successor, 0)
            over |= lines[max(successor.custody_capacity - load, 0) :]
        over._set_state("over_capacity")
        return over

    def _queue_notices(self):
        """Queue each client's notice; the notices scheduled action renders and sends them.

        Nobody is told yet: the refusal window opens when the client is (``_mark_told``), and
        a client proposed again (a new successor) is told again, with a new decline link.
        """
        if not self:
            return
        self.env.ref("client_custody_handover.ir_cron_custody_handover_notices")._trigger()
        renotified = self.filtered("notified_at")
        for line in renotified:
            # A new successor gets a new link: the one sent with the refused proposal dies.
            line.sudo().access_token = secrets.token_urlsafe(32)
        self._set_state(
            "waiting",
            {
                "notice_state": "queued",
                "notice_error": False,
                "window_end": False,
                "told_at": False,
                "told_channel": False,
                "told_activity_id": False,
                "responded_at": False,
                "refusal_choice": False,
            },
        )

    # ------------------------------------------------------------------
    # Notices: rendered once per (handover, successor, language), queued in bulk
    # ------------------------------------------------------------------
    def _send_notices(self):
        """Render and queue the notices of these lines, set-based.

        One rendering per (handover, successor, language), filled per client (name, deadline
        in the client's time zone, decline link), and the mails inserted in one statement; the
        client is told when the mail queue has sent its mail. A rendering that fails leaves its
        clients untold, with the error on the line and the handover, to be retried. Clients
        without an e-mail address get their successor's call or visit (an activity).
        Returns the mails queued (the scheduled actions send them at once).
        """
        if not self:
            return self.env["mail.mail"]
        self.flush_model(["state", "notice_state", "handover_id", "successor_id", "partner_id"])
        self.env.cr.execute(
            SQL(
                """SELECT l.id, l.handover_id, l.successor_id, l.access_token, p.id, p.name,
                          NULLIF(TRIM(p.email), ''), p.lang, p.tz
                     FROM custody_handover_line l
                     JOIN res_partner p ON p.id = l.partner_id
                    WHERE l.id = ANY(%s) AND l.state = 'waiting'
                      AND l.notice_state IN ('queued', 'failed')
                    ORDER BY l.id""",
                self.ids,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return self.env["mail.mail"]
        lines = self.browse(row[0] for row in rows)
        by_handover = defaultdict(set)
        for row in rows:
            by_handover[row[1]].add(row[0])
        groups, no_email = defaultdict(list), []
        for row in rows:
            if row[6]:
                groups[row[1], row[2], row[7] or ""].append(row)
            else:
                no_email.append(row[0])
        Handover = self.env["custody.handover"].sudo()
        Notice = self.env["custody.handover.notice"]
        mails, rendered, failed = Notice._render_mails(groups)
        mail_ids = Notice._insert_mails(mails)
        self._set_notice_rows(rendered, failed)
        if no_email:
            self.browse(no_email)._ask_successor_to_introduce()
        lines.invalidate_recordset()
        handovers = Handover.browse(by_handover)
        for handover in handovers:
            error = next(iter(failed.get(handover.id, {}).values()), False)
            if handover.notice_error != error:  # lanes share the handover: write only a change
                handover.notice_error = error
        handovers._post_notice_summary(by_handover, rendered, no_email, failed)
        return self.env["mail.mail"].sudo().browse(mail_ids)

    def _set_notice_rows(self, rendered, failed):
        """Lines rendered (now being sent, deadline promised) and failed (the error), in one
        statement each."""
        uid, now = self.env.uid, self.env.cr.now()
        if rendered:
            ids = list(rendered)
            self.env.cr.execute(
                SQL(
                    """UPDATE custody_handover_line l
                          SET notice_state = 'outgoing', notice_error = NULL,
                              window_end = v.deadline, write_uid = %(uid)s, write_date = %(now)s
                         FROM unnest(%(ids)s::int[], %(deadlines)s::timestamp[])
                              AS v(line, deadline)
                        WHERE l.id = v.line""",
                    uid=uid,
                    now=now,
                    ids=ids,
                    deadlines=[rendered[line_id] for line_id in ids],
                )
            )
        errors = {line_id: error for per in failed.values() for line_id, error in per.items()}
        if errors:
            ids = list(errors)
            self.env.cr.execute(
                SQL(
                    """UPDATE custody_handover_line l
                          SET notice_state = 'failed', notice_error = v.error,
                              write_uid = %(uid)s, write_date = %(now)s
                         FROM unnest(%(ids)s::int[], %(errors)s::text[]) AS v(line, error)
                        WHERE l.id = v.line""",
                    uid=uid,
                    now=now,
                    ids=ids,
                    errors=[errors[line_id] for line_id in ids],
                )
            )

    def _ask_successor_to_introduce(self):
        """Clients without an e-mail address are told by their successor, by phone or in
        person: an activity each, on the client, for the successor; marking it done (or the
        line's Call / Visit buttons) tells the client and opens the refusal window."""
        activity_type = self.env.ref("client_custody_handover.mail_activity_type_custody_introduce")
        model = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        vals_list, lines = [], self.browse()
        for line in self.sudo():
            user = line.successor_id.user_id
            if not user:
                continue
            lang_env = self.with_context(lang=user.lang or "en_US").env
            vals_list.append(
                {
                    "res_model_id": model,
                    "res_id": line.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": lang_env._(
                        "Call or visit %(client)s to introduce yourself as their new contact",
                        client=line.partner_id.name,
                    ),
                    "note": lang_env._(
                        "%(client)s has no e-mail address: tell them that you are their new "
                        "contact (%(handover)s) and that they may decline you. Mark this done once "
                        "you have called or visited them; the refusal window opens then.",
                        client=line.partner_id.name,
                        handover=line.handover_id.name,
                    ),
                }
            )
            lines |= line
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True, **BULK_CONTEXT)
            .create(vals_list)
        )
        for line, activity in zip(lines, activities, strict=True):
            line.told_activity_id = activity
        self.sudo().write({"notice_state": "no_email", "notice_error": False})

    def _mark_told(self, channel, when=None):
        """The client was told of the new contact (``channel``): the refusal window opens now
        (never ending before a deadline already promised), in one statement; the client's own
        chatter says so. Lines already told, or no longer waiting, are left alone."""
        if not self:
            return self
        self.env.flush_all()
        when = when or fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """UPDATE custody_handover_line l
                      SET told_at = %(when)s, told_channel = %(channel)s,
                          notified_at = CASE WHEN %(channel)s = 'email' THEN %(when)s
                                             ELSE l.notified_at END,
                          notice_state = CASE WHEN %(channel)s = 'email' THEN 'sent'
                                              ELSE l.notice_state END,
                          notice_error = NULL,
                          window_end = GREATEST(
                              COALESCE(l.window_end, %(when)s),
                              %(when)s + h.refusal_hours * INTERVAL '1 hour'),
                          write_uid = %(uid)s, write_date = %(now)s
                     FROM custody_handover h
                    WHERE h.id = l.handover_id AND l.id = ANY(%(ids)s)
                      AND l.told_at IS NULL AND l.state = 'waiting'
                RETURNING l.id, l.window_end""",
                when=when,
                channel=channel,
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=self.ids,
            )
        )
        rows = self.env.cr.fetchall()
        told = self.browse(row[0] for row in rows)
        fnames = [
            "told_at",
            "told_channel",
            "notified_at",
            "notice_state",
            "notice_error",
            "window_end",
            "write_uid",
            "write_date",
        ]
        self.invalidate_recordset(fnames)
        told.modified(fnames)
        if told:
            # Accept the clients who did not decline as soon as their window closes.
            self.env["custody.handover"]._trigger_batches(min(row[1] for row in rows))
            told._log_on_clients("told")
        return told

    def _log_on_clients(self, event):
        """One note per client on the client's own chatter ("told" of the new contact, or
        custody "moved"), written set-based: one INSERT for all, in the handover's language.

        No ORM ``message_post`` per client: those notes are facts for the record, nobody is
        notified of them, and a handover of 100,000 clients must not cost queries per client.
        """
        lines = self.sudo()
        bodies = {}
        values = []
        for line in lines:
            key = (line.handover_id, line.successor_id, line.told_channel)
            if key not in bodies:
                handover, successor, channel = key
                env = self.with_context(lang=handover._notice_lang(internal=True)).env
                if event == "told":
                    channel_name = dict(
                        self.with_env(env)._fields["told_channel"]._description_selection(env)
                    ).get(channel, "")
                    text = env._(
                        "Told that %(successor)s is the new contact (%(handover)s; %(channel)s).",
                        successor=successor.name,
                        handover=handover.name,
                        channel=channel_name,
                    )
                else:
                    text = env._(
                        "Custody moved to %(successor)s (%(handover)s).",
                        successor=successor.name,
                        handover=handover.name,
                    )
                bodies[key] = str(Markup("<p>%s</p>") % text)
            values.append((line.partner_id.id, bodies[key]))
        if not values:
            return
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                """INSERT INTO mail_message (
                       model, res_id, message_type, subtype_id, body, author_id, date,
                       create_uid, create_date, write_uid, write_date)
                   SELECT 'res.partner', v.partner, 'notification', %(subtype)s, v.body,
                          %(author)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(partners)s::int[], %(bodies)s::text[]) AS v(partner, body)""",
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.user.partner_id.id,
                now=now,
                uid=self.env.uid,
                partners=[value[0] for value in values],
                bodies=[value[1] for value in values],
            )
        )

    def _notice_failed(self, reason):
        """The mail queue could not send these notices: untold, the error shown, retried."""
        waiting = self.filtered(lambda line: line.state == "waiting" and not line.told_at)
        if not waiting:
            return
        waiting.sudo().write({"notice_state": "failed", "notice_error": reason})
        for handover in waiting.handover_id.sudo():
            handover.notice_error = reason
        self.env.ref("client_custody_handover.ir_cron_custody_handover_notices")._trigger()

    def action_told_by_call(self):
        """The successor called the client (no e-mail address): told now, window opens."""
        return self._action_told("call")

    def action_told_by_visit(self):
        """The successor visited the client: told now, window opens."""
        return self._action_told("visit")

    def _action_told(self, channel):
        manager = self.env.su or self.env.user.has_group(CUSTODY_MANAGER)
        for line in self.sudo():
            if not manager and line.successor_id.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Only the successor of %(client)s, or a custody manager, records that "
                        "the client was told.",
                        client=line.partner_id.display_name,
                    )
                )
            if line.state != "waiting" or line.told_at:
                raise UserError(
                    self.env._(
                        "%(client)s is not waiting to be told of the new contact.",
                        client=line.partner_id.display_name,
                    )
                )
        lines = self.sudo()
        activities = lines.told_activity_id.filtered("active")
        lines._mark_told(channel)
        if activities:
            activities.with_context(custody_told_channel=channel).action_done()
        return True

    def _accept(self):
        """Move custody of the accepted clients through the move service, per successor, and
        cascade; retained clients stay with the leaver as retained, never unassigned.

        Only clients told of their new contact move (``told_at``; a retained client needs
        none): the others stay waiting, whatever their window says.

        Statements grow with the number of (handover, successor) pairs, not with the number of
        clients: the lines are read in one query, each successor's clients move in a few
        statements, and the lines are closed in one.
        """
        untold = self.filtered(lambda line: line.decision == "transfer" and not line.told_at)
        if untold:
            # The invariant (the database checks it too): nobody is handed over untold.
            _logger.info("%s client(s) not accepted: not told yet", len(untold))
        (self - untold)._accept_told()

    def _lock_clients(self):
        """Lock, for this transaction, the rows that accepting these lines updates: their
        clients and the clients' contacts (Salesperson, ``_apply_salesperson_rule``).

        A batch takes them first thing, right after claiming its lines. A salesperson saving
        one of these clients meanwhile then answers that it is being moved (``res_partner.py``)
        instead of committing under the batch, which would make the whole batch fail to
        serialize when it writes the client (rolled back, 1,000 clients, and taken again: run
        after run while a sales team works, a 3,000-client departure did not finish). A save
        committed in the instant between the claim and this lock fails this lock instead, the
        cheapest point to take the batch again."""
        if not self:
            return
        self.flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["parent_id"])
        self.env.cr.execute(
            SQL(
                """SELECT p.id FROM res_partner p
                    WHERE p.id IN (SELECT l.partner_id FROM custody_handover_line l
                                    WHERE l.id = ANY(%(lines)s)
                                   UNION ALL
                                   SELECT c.id FROM custody_handover_line l
                                     JOIN res_partner c ON c.parent_id = l.partner_id
                                    WHERE l.id = ANY(%(lines)s))
                    ORDER BY p.id FOR NO KEY UPDATE OF p""",
                lines=self.ids,
            ),
            log_exceptions=False,
        )

    def _accept_told(self):
        """``_accept`` for lines whose clients were told (or are retained)."""
        if not self:
            return
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """SELECT l.id, l.handover_id, l.successor_id, l.decision, l.partner_id,
                          COALESCE(c.custodian_id, l.employee_id), l.retain_reason
                     FROM custody_handover_line l
                     LEFT JOIN custody_client c
                            ON c.partner_id = l.partner_id AND c.company_id = l.company_id
                    WHERE l.id = ANY(%s)
                    ORDER BY l.id""",
                self.ids,
            )
        )
        # line id -> [previous custodian, their user, custody period opened]
        closing, retained, moves = {}, defaultdict(list), defaultdict(list)
        for (
            line_id,
            handover_id,
            successor_id,
            decision,
            client_id,
            holder_id,
            reason,
        ) in self.env.cr.fetchall():
            closing[line_id] = [holder_id, None, None]
            if decision == "retain":
                retained[handover_id, reason or ""].append(client_id)
            else:
                moves[handover_id, successor_id].append((line_id, client_id))
        holders = self.env["hr.employee"].sudo().browse({row[0] for row in closing.values()})
        user_of = {holder.id: holder.user_id.id or None for holder in holders}
        for row in closing.values():
            row[1] = user_of.get(row[0])
        Assignment = self.env["custody.assignment"].sudo().with_context(**BULK_CONTEXT)
        Handover = self.env["custody.handover"].sudo().with_context(**BULK_CONTEXT)
        for (handover_id, reason), client_ids in retained.items():
            handover = Handover.browse(handover_id)
            Assignment._retain(client_ids, handover.company_id, handover.employee_id, reason)
        for (handover_id, successor_id), moved in moves.items():
            handover = Handover.browse(handover_id)
            successor = self.env["hr.employee"].browse(successor_id)
            client_ids = list(dict.fromkeys(client_id for _line_id, client_id in moved))
            origin = "handover" if handover.kind == "departure" else "transfer"
            new = Assignment._move(client_ids, successor, origin, note=handover.name)
            for line_id, client_id in moved:
                closing[line_id][2] = new.get(client_id)
            handover._cascade(self.env["res.partner"].browse(client_ids), successor)
        self.with_context(**BULK_CONTEXT)._set_state("accepted", closing=closing)
        self.filtered(lambda line: line.decision == "transfer")._log_on_clients("moved")
        # Whatever the moves left to recompute is recomputed here, in the bulk context, rather
        # than at commit where chatter tracking would log one message per client.
        self.with_context(**BULK_CONTEXT).env.flush_all()

    def _set_state(self, state, vals=None, closing=None):
        """The one writer of a line's state: every move of every path (UI, scheduled actions,
        the decline link, the WeCom and exit addons) comes through here, checked against
        ``LINE_TRANSITIONS``; ``vals`` are the other fields the move sets.

        Accepting is set-based SQL, whatever the number of clients: the lines close in one
        statement, accepted now, with who held each client before and the custody period the
        move opened (``closing``: line id -> those three ids); a line no longer in a state
        that may be accepted stops the whole statement.
        """
        if not self:
            return self
        if state != "accepted":
            self._check_transition(LINE_TRANSITIONS, state)
            vals = dict(vals or {}, state=state)
            transition(self, *vals).write(vals)
            return self
        closing = closing or {}
        if set(closing) != set(self.ids) or vals:
            raise UserError(self.env._("Accepting a client records who held it before."))
        self.flush_recordset()
        ids = list(closing)
        allowed = [old for old, new in LINE_TRANSITIONS.items() if "accepted" in new]
        self.env.cr.execute(
            SQL(
                """UPDATE custody_handover_line l
                      SET state = 'accepted', accepted_on = %(accepted_on)s,
                          previous_employee_id = v.employee, previous_user_id = v.user_id,
                          new_assignment_id = v.period, write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(ids)s::int[], %(employees)s::int[], %(users)s::int[],
                                 %(periods)s::int[]) AS v(line, employee, user_id, period)
                    WHERE l.id = v.line AND l.state = ANY(%(allowed)s)""",
                accepted_on=fields.Datetime.now(),
                now=self.env.cr.now(),
                uid=self.env.uid,
                ids=ids,
                allowed=allowed,
                employees=[closing[line_id][0] for line_id in ids],
                users=[closing[line_id][1] for line_id in ids],
                periods=[closing[line_id][2] for line_id in ids],
            )
        )
        if self.env.cr.rowcount != len(ids):
            # Checked in the statement itself (no query more per batch): undone by the caller's
            # transaction, as a refused move is on the ORM path.
            self.invalidate_recordset(["state"])
            self._check_transition(LINE_TRANSITIONS, "accepted")
        fnames = [
            "state",
            "accepted_on",
            "previous_employee_id",
            "previous_user_id",
            "new_assignment_id",
            "write_uid",
            "write_date",
        ]
        self.invalidate_recordset(fnames)
        self.modified(fnames)
        return self

    def _refuse(self, note=False, choice="decline", by_client=False):
        """The client declined its new contact: back to the queue, never back to a leaver.

        ``choice`` "keep": on an on-the-job transfer, the client would rather keep their
        previous contact. Logged on the handover in its own language, as the client when the
        client answered (``by_client``), with an activity for the handover's manager.
        """
        self._set_state(
            "refused",
            {
                "responded_at": fields.Datetime.now(),
                "refusal_note": note,
                "refusal_choice": choice,
            },
        )
        for line in self:
            handover = line.handover_id.sudo()
            env = self.with_context(lang=handover._notice_lang(internal=True)).env
            if choice == "keep":
                body = env._(
                    "%(client)s would rather keep %(previous)s than have %(successor)s as new "
                    "contact; the client waits for a decision.",
                    client=line.partner_id.display_name,
                    previous=line.employee_id.sudo().name,
                    successor=line.successor_id.sudo().name,
                )
            else:
                body = env._(
                    "%(client)s declined %(successor)s as new contact; the client waits for "
                    "another successor.",
                    client=line.partner_id.display_name,
                    successor=line.successor_id.sudo().name,
                )
            if note:
                body = Markup("%s<br/>%s") % (body, note)
            handover.with_context(lang=env.lang).message_post(
                body=body,
                author_id=line.partner_id.id if by_client else None,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            manager = handover._manager_user()
            if manager:
                handover.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=env._(
                        "%(client)s declined the new contact: decide who serves them",
                        client=line.partner_id.display_name,
                    ),
                    # The client typed plain text: shown as such (an <img src> stays text and
                    # never loads a remote image or a read receipt in the manager's inbox).
                    note=plaintext2html(note) if note else False,
                )

    def action_reassign(self):
        """After a refusal or over capacity: notify the client again with the new successor."""
        self.handover_id._check_manager()
        for line in self:
            if line.state not in REASSIGNABLE_STATES:
                raise UserError(
                    self.env._(
                        "Only clients refused, over capacity or whose successor left wait for "
                        "reassignment."
                    )
                )
            line._check_successor(line.successor_id)
        lines = self - self._apply_capacity()
        lines._queue_notices()
        return True

    def action_undo(self):
        """Undo an accepted transfer within the undo window: previous custody restored."""
        self.handover_id._check_manager()
        now = fields.Datetime.now()
        for line in self:
            if line.state != "accepted" or line.decision != "transfer" or line.undone:
                raise UserError(self.env._("Only an accepted transfer can be undone."))
            if now > line.handover_id._undo_deadline(line.accepted_on):
                raise UserError(
                    self.env._(
                        "The transfer of %(client)s was accepted more than %(days)s days ago "
                        "and can no longer be undone.",
                        client=line.partner_id.display_name,
                        days=line.company_id.custody_undo_days,
                    )
                )
            previous = line.previous_employee_id.sudo()
            if not previous.active:
                raise UserError(
                    self.env._(
                        "%(employee)s has left; %(client)s cannot go back to them. Hand the "
                        "client to another successor instead.",
                        employee=previous.name,
                        client=line.partner_id.display_name,
                    )
                )
            moved_on = line.new_assignment_id.sudo().date_end or self._running_lines(
                line.partner_id.ids
            )
            if moved_on:
                raise UserError(
                    self.env._(
                        "%(client)s has moved on from %(successor)s since this handover; "
                        "undoing it would overwrite the newer custody.",
                        client=line.partner_id.display_name,
                        successor=line.successor_id.name,
                    )
                )
            self.env["custody.assignment"].sudo()._move(
                line.partner_id,
                previous,
                origin="assigned",
                note=self.env._("Undo of %(name)s", name=line.handover_id.name),
            )
            transition(line, "undone").write({"undone": True})
            line.handover_id.message_post(
                body=self.env._(
                    "Transfer of %(client)s to %(successor)s undone: custody is back with "
                    "%(previous)s.",
                    client=line.partner_id.display_name,
                    successor=line.successor_id.name,
                    previous=previous.name,
                )
            )
        return True

    def _add_document_items(self):
        """A retained personal client's contracts, signed documents and vouchers still go to
        the company (the seed 001): one checklist item each."""
        retained = self.filtered(lambda line: line.decision == "retain")
        if not retained:
            return
        existing = self.env["custody.handover.item"].search(
            [
                ("handover_id", "in", retained.handover_id.ids),
                ("partner_id", "in", retained.partner_id.ids),
                ("category", "in", ("contract", "document", "voucher")),
            ]
        )
        done = {(i.handover_id.id, i.partner_id.id) for i in existing}
        vals_list = []
        for line in retained:
            if (line.handover_id.id, line.partner_id.id) in done:
                continue
            client = line.partner_id.display_name
            for name, category in (
                (self.env._("Contracts with %(client)s", client=client), "contract"),
                (self.env._("Signed documents of %(client)s", client=client), "document"),
                (self.env._("Payment vouchers of %(client)s", client=client), "voucher"),
            ):
                vals_list.append(
                    {
                        "handover_id": line.handover_id.id,
                        "partner_id": line.partner_id.id,
                        "name": name,
                        "category": category,
                        "mandatory": True,
                    }
                )
        self.env["custody.handover.item"].create(vals_list)

    def _decline_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/custody/decline/{self.id}/{self.sudo().access_token}"
