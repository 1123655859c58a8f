import secrets
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.client_custody.models.custody_client import TIERS

from .custody_handover import CLOSED_LINE_STATES, OPEN_LINE_STATES, REASSIGNABLE_STATES

CUSTODY_USER = "client_custody.group_custody_user"
# Bulk moves are logged once on the handover and kept in the ledger; per-record chatter tracking
# and "you have been assigned" mails would cost a dozen queries per client.
BULK_CONTEXT = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "mail_auto_subscribe_no_notify": True,
}


class CustodyHandoverLine(models.Model):
    """One client in a handover, with its own status (WeCom: waiting, accepted, refused,
    successor over capacity) and its own decline link."""

    _name = "custody.handover.line"
    _description = "Client Handover Line"
    _order = "handover_id, successor_id, id"
    _rec_name = "partner_id"

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
        [("queued", "Queued"), ("sent", "Sent"), ("no_email", "No email address")],
        string="Notice",
        readonly=True,
        copy=False,
        help="Notices are queued when the refusal window opens and sent in batches; the window "
        "is counted from the moment the notice is sent.",
    )
    notified_at = fields.Datetime(readonly=True, copy=False)
    window_end = fields.Datetime(string="Refusal window ends", readonly=True, copy=False)
    responded_at = fields.Datetime(readonly=True, copy=False)
    refusal_note = fields.Text(readonly=True, copy=False)
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
    _queued_notice = models.Index("(id) WHERE notice_state = 'queued'")

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
        able = successors.filtered(
            lambda s: (
                s.active
                and s.user_id
                and s.user_id.has_group(CUSTODY_USER)
                and (not s.custody_capacity or held.get(s, 0) < s.custody_capacity)
            )
        )
        for line in self:
            line.can_notify_again = (
                line in waiting
                and line.successor_id.sudo() in able
                and line.successor_id.sudo().company_id == line.company_id
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
        lines = super().create(vals_list)
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
        if ({"tier", "partner_id", "handover_id"} & set(vals)) and not self.env.su:
            raise UserError(
                self.env._(
                    "The client, its tier and the handover of a line are fixed when the line is "
                    "planned."
                )
            )
        if "successor_id" in vals or "decision" in vals:
            locked = self.filtered(lambda line: line.state in ("waiting", "accepted", "cancelled"))
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
        if not successor.active:
            raise UserError(
                self.env._(
                    "%(successor)s is archived and cannot receive %(client)s.",
                    successor=successor.name,
                    client=client,
                )
            )
        if successor.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "%(successor)s works for another company and cannot receive %(client)s.",
                    successor=successor.name,
                    client=client,
                )
            )
        if not successor.user_id or not successor.user_id.has_group(CUSTODY_USER):
            raise UserError(
                self.env._(
                    "%(successor)s has no client custody access and cannot receive %(client)s.",
                    successor=successor.name,
                    client=client,
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
        over.write({"state": "over_capacity"})
        return over

    def _queue_notices(self):
        """Open the refusal window and queue each client's notice.

        The notices scheduled action sends them in batches, right away; the window is
        provisional until a client's notice goes out, and sending restarts it.
        """
        if not self:
            return
        self.env.ref("client_custody_handover.ir_cron_custody_handover_notices")._trigger()
        now = fields.Datetime.now()
        renotified = self.filtered("notified_at")
        for line in renotified:
            # A new successor gets a new link: the one sent with the refused proposal dies.
            line.sudo().access_token = secrets.token_urlsafe(32)
        for handover, lines in self.grouped("handover_id").items():
            lines.write(
                {
                    "state": "waiting",
                    "notice_state": "queued",
                    "window_end": now + timedelta(hours=handover.refusal_hours),
                    "responded_at": False,
                }
            )

    def _send_notices(self):
        """Send the queued notices of these lines, one mail per client with an address."""
        lines = self.filtered(
            lambda line: line.state == "waiting" and line.notice_state == "queued"
        )
        if not lines:
            return
        now = fields.Datetime.now()
        for handover, handover_lines in lines.grouped("handover_id").items():
            handover_lines.write(
                {
                    "notified_at": now,
                    "window_end": now + timedelta(hours=handover.refusal_hours),
                }
            )
        with_email = lines.filtered(lambda line: line.partner_id.email)
        if with_email:
            template = self.env.ref("client_custody_handover.mail_template_custody_handover_notice")
            template.sudo().send_mail_batch(
                with_email.ids, email_layout_xmlid="mail.mail_notification_light"
            )
        with_email.write({"notice_state": "sent"})
        (lines - with_email).write({"notice_state": "no_email"})
        # Accept the clients who did not decline as soon as their window closes.
        cron = self.env.ref("client_custody_handover.ir_cron_custody_handover_batches")
        cron._trigger(max(lines.mapped("window_end")))

    def _accept(self):
        """Move custody of the accepted clients through the move service, per successor, and
        cascade; retained clients stay with the leaver as retained, never unassigned.

        Statements grow with the number of (handover, successor) pairs, not with the number of
        clients: the lines are read in one query, each successor's clients move in a few
        statements, and the lines are closed in one.
        """
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
        self.with_context(**BULK_CONTEXT)._mark_accepted(closing)
        # Whatever the moves left to recompute is recomputed here, in the bulk context, rather
        # than at commit where chatter tracking would log one message per client.
        self.with_context(**BULK_CONTEXT).env.flush_all()

    def _mark_accepted(self, closing):
        """Close the lines in one statement: accepted now, with who held each client before and
        the custody period the move opened (``closing``: line id -> those three ids)."""
        self.flush_recordset()
        ids = list(closing)
        self.env.cr.execute(
            SQL(
                """UPDATE custody_handover_line l
                      SET state = 'accepted', accepted_on = %(accepted_on)s,
                          previous_employee_id = v.employee, previous_user_id = v.user_id,
                          new_assignment_id = v.period, write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(ids)s::int[], %(employees)s::int[], %(users)s::int[],
                                 %(periods)s::int[]) AS v(line, employee, user_id, period)
                    WHERE l.id = v.line""",
                accepted_on=fields.Datetime.now(),
                now=self.env.cr.now(),
                uid=self.env.uid,
                ids=ids,
                employees=[closing[line_id][0] for line_id in ids],
                users=[closing[line_id][1] for line_id in ids],
                periods=[closing[line_id][2] for line_id in ids],
            )
        )
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

    def _refuse(self, note=False):
        """The client declined its new contact: back to the queue, never back to a leaver.

        The handover's manager (who started it, else the leaver's manager) gets an activity to
        choose another successor."""
        self.write(
            {"state": "refused", "responded_at": fields.Datetime.now(), "refusal_note": note}
        )
        for line in self:
            handover = line.handover_id.sudo()
            responsible = handover.employee_id.parent_id.user_id or handover.create_uid
            handover.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=responsible.id,
                summary=self.env._(
                    "%(client)s declined: choose another successor",
                    client=line.partner_id.display_name,
                ),
                note=note or False,
            )
            line.handover_id.message_post(
                body=self.env._(
                    "%(client)s declined %(successor)s as new contact; the client waits for "
                    "another successor.",
                    client=line.partner_id.display_name,
                    successor=line.successor_id.name,
                )
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
            line.undone = True
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
