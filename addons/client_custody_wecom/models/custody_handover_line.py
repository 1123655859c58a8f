from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from .wecom_transfer import PENDING_STATES, WECOM_STATES

# The line shows its most pressing WeCom transfer (a client may have several WeCom contacts).
STATE_PRIORITY = [
    "failed",
    "no_record",
    "refused",
    "over_capacity",
    "todo",
    "requested",
    "waiting",
    "accepted",
    "resolved",
]
# A line waiting for WeCom when Odoo's own window closes waits this much longer (the result is
# read by the scheduled action in the meantime).
WECOM_GRACE = timedelta(minutes=15)


class CustodyHandoverLine(models.Model):
    _inherit = "custody.handover.line"

    wecom_transfer_ids = fields.One2many("wecom.transfer", "line_id", string="WeCom transfers")
    wecom_external_userid = fields.Char(
        string="WeCom external userid", compute="_compute_wecom", store=True
    )
    wecom_state = fields.Selection(
        WECOM_STATES, string="WeCom status", compute="_compute_wecom", store=True
    )
    wecom_errcode = fields.Integer(string="WeCom errcode", compute="_compute_wecom", store=True)
    wecom_message = fields.Char(string="WeCom message", compute="_compute_wecom_message")
    wecom_takeover_time = fields.Datetime(
        string="WeCom takeover time", compute="_compute_wecom", store=True
    )
    wecom_told = fields.Boolean(
        string="Told through WeCom",
        compute="_compute_wecom",
        store=True,
        help="WeCom accepted the transfer request for this client (errcode 0): the client "
        "hears of the new contact from WeCom.",
    )

    @api.depends(
        "wecom_transfer_ids.state",
        "wecom_transfer_ids.errcode",
        "wecom_transfer_ids.takeover_time",
        "wecom_transfer_ids.told",
    )
    def _compute_wecom(self):
        for line in self:
            transfers = line.wecom_transfer_ids
            line.wecom_external_userid = ", ".join(transfers.mapped("external_userid")) or False
            states = set(transfers.mapped("state"))
            line.wecom_state = next((s for s in STATE_PRIORITY if s in states), False)
            line.wecom_errcode = next((t.errcode for t in transfers if t.errcode), 0)
            times = [t for t in transfers.mapped("takeover_time") if t]
            line.wecom_takeover_time = max(times) if times else False
            line.wecom_told = any(transfers.mapped("told"))

    @api.depends("wecom_transfer_ids.message")
    def _compute_wecom_message(self):
        for line in self:
            line.wecom_message = next(
                (t.message for t in line.wecom_transfer_ids if t.message), False
            )

    def write(self, vals):
        # A client refused or over capacity that is proposed again (another successor, or
        # capacity freed) is requested again in WeCom by the scheduled action.
        reassigned = self.browse()
        if vals.get("state") == "waiting":
            reassigned = self.filtered(
                lambda line: (
                    line.state in ("refused", "over_capacity", "successor_left")
                    and line.wecom_transfer_ids
                )
            )
        res = super().write(vals)
        if reassigned:
            reassigned._wecom_plan_transfers()
        return res

    def _accept(self):
        """Odoo does not move custody while WeCom has not answered for the client: such
        lines wait a little longer, and the scheduled action reads WeCom's result first."""
        pending = (
            self.env["wecom.transfer"]
            .sudo()
            .search([("line_id", "in", self.ids), ("state", "in", PENDING_STATES)])
            .line_id.with_env(self.env)
            if self.company_id._wecom_configured()
            else self.browse()
        )
        if pending:
            pending.write({"window_end": fields.Datetime.now() + WECOM_GRACE})
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return super(CustodyHandoverLine, self - pending)._accept()

    # ------------------------------------------------------------------
    # WeCom
    # ------------------------------------------------------------------
    def _wecom_plan_transfers(self):
        """Prepare a WeCom transfer for each external contact of these clients that the
        leaver follows, to the line's successor; returns the transfers to request.

        在职 (transfer_customer) while the leaver is a member of the WeCom directory, 离职
        (resigned/transfer_customer) once removed from it (``_wecom_is_resigned``). Contacts
        already taken over or on their way in WeCom are not requested again.
        """
        Transfer = self.env["wecom.transfer"].sudo()
        lines = self.filtered(lambda line: line.decision == "transfer" and line.successor_id)
        vals_list = []
        for handover, handover_lines in lines.grouped("handover_id").items():
            leaver = handover.employee_id.sudo()
            if not leaver.wecom_userid:
                continue
            contacts = self.env["wecom.contact"]._wecom_contacts_of(
                handover.company_id, leaver.wecom_userid, handover_lines.partner_id
            )
            if not contacts:
                continue
            by_client = defaultdict(list)
            for contact in contacts:
                by_client[contact.partner_id.commercial_partner_id.id].append(contact)
            mode = "resigned" if leaver._wecom_is_resigned() else "onjob"
            busy, superseded = set(), Transfer
            for transfer in handover_lines.wecom_transfer_ids:
                if transfer.state in (*PENDING_STATES, "accepted", "resolved"):
                    busy.add((transfer.line_id.id, transfer.external_userid))
                else:
                    superseded |= transfer
            # A new request replaces a refused, over-capacity or failed one (kept, archived).
            superseded.action_archive()
            for line in handover_lines:
                takeover = line.successor_id.sudo().wecom_userid
                for contact in by_client.get(line.partner_id.commercial_partner_id.id, []):
                    if (line.id, contact.external_userid) in busy:
                        continue
                    if takeover and takeover in contact.follow_ids.mapped("userid"):
                        # The successor already has this contact in WeCom: nothing to move.
                        continue
                    vals_list.append(
                        {
                            "company_id": handover.company_id.id,
                            "line_id": line.id,
                            "contact_id": contact.id,
                            "external_userid": contact.external_userid,
                            "mode": mode,
                            "handover_userid": leaver.wecom_userid,
                            "takeover_userid": takeover or False,
                        }
                    )
        transfers = Transfer.create(vals_list)
        if transfers:
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return transfers

    def _wecom_odoo_window_open(self, now):
        """Whether the client may still decline through Odoo's own e-mailed notice."""
        self.ensure_one()
        return bool(
            self.notice_state == "sent"
            and self.notified_at
            and self.notified_at + timedelta(hours=self.handover_id.refusal_hours) > now
        )

    def _wecom_apply_results(self):
        """Odoo follows WeCom's result for the clients still waiting:

        - a contact refused the successor in WeCom (status 3, or the transfer_fail event):
          the client is refused, back to the reassignment queue (never lost);
        - the successor's WeCom limit is reached (status 4, errcode 40099): over capacity;
        - WeCom waits (status 2): its takeover_time becomes the window end;
        - every contact taken over (status 1): the client was told and accepted through
          WeCom, custody moves now, unless the client's e-mailed Odoo window is still open
          (then at its end, by Odoo's own scheduled action).

        Failed requests leave the line in Odoo's hands; they keep the handover open until
        retried or resolved (see ``custody.handover._done_blockers``).
        """
        now = fields.Datetime.now()
        waiting = self.filtered(lambda line: line.state == "waiting")
        refused = waiting.filtered(
            lambda line: "refused" in line.wecom_transfer_ids.mapped("state")
        )
        if refused:
            refused._refuse(self.env._("Refused in WeCom."))
        over = (waiting - refused).filtered(
            lambda line: "over_capacity" in line.wecom_transfer_ids.mapped("state")
        )
        over._set_state("over_capacity")
        rest = waiting - refused - over
        window_ends, ready = rest._wecom_window_ends(now)
        for end, lines in window_ends.items():
            lines.write({"window_end": end})
        if ready:
            # Taken over in WeCom: WeCom told the customer (its own 24-hour notice).
            ready.filtered(lambda line: not line.told_at)._mark_told("wecom")
            ready._accept()
            for handover in ready.handover_id.sudo().filtered(lambda h: h.state == "in_progress"):
                if not handover._done_blockers():
                    handover.action_done()
        return ready

    def _wecom_window_ends(self, now):
        """({window end: lines}, lines ready to accept) for lines waiting on WeCom."""
        window_ends = defaultdict(self.browse)
        ready = self.browse()
        for line in self:
            states = set(line.wecom_transfer_ids.mapped("state"))
            odoo_end = line._wecom_odoo_window_open(now) and (
                line.notified_at + timedelta(hours=line.handover_id.refusal_hours)
            )
            if "waiting" in states and line.wecom_takeover_time:
                end = max(line.wecom_takeover_time, odoo_end or line.wecom_takeover_time)
                if line.window_end != end:
                    window_ends[end] |= line
            elif states and "accepted" in states and states <= {"accepted", "resolved"}:
                if odoo_end:
                    window_ends[odoo_end] |= line
                else:
                    ready |= line
        return window_ends, ready
