from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models

from odoo.addons.client_custody_handover.states import REASSIGNABLE_STATES

from .wecom_transfer import NOTHING_TO_MOVE_STATES, PENDING_STATES, WECOM_STATES

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
    "held",
    "lost",
]
# WeCom's limit on on-the-job transfers of one customer (transfer_customer, 40128).
ONJOB_LIMIT = 2
ONJOB_PERIOD_DAYS = 90
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
        "wecom_transfer_ids.active",
        "wecom_transfer_ids.state",
        "wecom_transfer_ids.errcode",
        "wecom_transfer_ids.takeover_time",
        "wecom_transfer_ids.told",
    )
    def _compute_wecom(self):
        for line in self:
            transfers = line.wecom_transfer_ids
            externals = dict.fromkeys(transfers.mapped("external_userid"))
            line.wecom_external_userid = ", ".join(externals) or False
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
                lambda line: line.state in REASSIGNABLE_STATES and line.wecom_transfer_ids
            )
        res = super().write(vals)
        if reassigned:
            reassigned._wecom_plan_transfers()
        return res

    def _ask_successor_to_introduce(self):
        """Told through WeCom counts as told: a client WeCom told of its new contact (or is
        telling, its request accepted or on its way) gets no call / visit to-do. Should WeCom
        fail to take the request, the to-do is created then (``_wecom_ask_if_untold``)."""
        by_wecom = self._wecom_telling()
        if by_wecom:
            by_wecom.sudo().write({"notice_state": "no_email", "notice_error": False})
        return super(CustodyHandoverLine, self - by_wecom)._ask_successor_to_introduce()

    def _wecom_telling(self):
        """The lines whose client WeCom told, or will tell once its request is sent."""
        if not self.company_id._wecom_configured():
            return self.browse()
        transfers = (
            self.env["wecom.transfer"]
            .sudo()
            .search(
                [
                    ("line_id", "in", self.ids),
                    "|",
                    ("told", "=", True),
                    ("state", "in", ("todo", "requested")),
                ]
            )
        )
        return transfers.line_id.with_env(self.env) & self

    def _wecom_ask_if_untold(self):
        """WeCom refused to take these clients' requests: those without an e-mail address and
        still untold get their successor's call or visit to-do after all."""
        lines = self.filtered(
            lambda line: (
                line.state == "waiting"
                and not line.told_at
                and line.notice_state == "no_email"
                and not line.told_activity_id
            )
        )
        lines -= lines._wecom_telling()
        if lines:
            return super(CustodyHandoverLine, lines)._ask_successor_to_introduce()
        return None

    def _mark_told(self, channel, when=None):
        """Told through WeCom: the successor's open call / visit to-do for the client closes."""
        told = super()._mark_told(channel, when=when)
        if channel == "wecom" and told:
            activities = told.sudo().told_activity_id.filtered("active")
            if activities:
                activities.action_feedback(
                    feedback=self.env._("The client was told of the new contact through WeCom.")
                )
        return told

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

    def action_undo(self):
        """Undo in Odoo, and in WeCom too: the customers WeCom moved go back (or the
        handover says why WeCom cannot move them back)."""
        res = super().action_undo()
        self._wecom_transfer_back()
        return res

    # ------------------------------------------------------------------
    # WeCom
    # ------------------------------------------------------------------
    def _wecom_transfer_back(self):
        """Ask WeCom to move back (在职 API, from the successor to the previous holder) the
        customers it moved for these undone lines; the request goes with the scheduled action.
        Where WeCom cannot do it, the handover says why, so that nobody believes it done."""
        Transfer = self.env["wecom.transfer"].sudo()
        vals_list = []
        for line in self.sudo():
            successor, previous = line.successor_id, line.previous_employee_id
            moved = line.wecom_transfer_ids.filtered(
                lambda t, userid=successor.wecom_userid: (
                    t.state == "accepted" and t.takeover_userid == userid
                )
            )
            if not moved:
                continue
            reason = line._wecom_cannot_move_back(moved)
            env = self.with_context(lang=line.handover_id._notice_lang(internal=True)).env
            if reason:
                line.handover_id.message_post(
                    body=env._(
                        "WeCom keeps %(client)s with %(successor)s: %(reason)s Move the customer "
                        "back in WeCom by hand if needed.",
                        client=line.partner_id.display_name,
                        successor=successor.name,
                        reason=reason,
                    )
                )
                continue
            vals_list += [
                {
                    "company_id": transfer.company_id.id,
                    "line_id": line.id,
                    "contact_id": transfer.contact_id.id,
                    "external_userid": transfer.external_userid,
                    "mode": "onjob",
                    "handover_userid": successor.wecom_userid,
                    "takeover_userid": previous.wecom_userid,
                }
                for transfer in moved
            ]
            line.handover_id.message_post(
                body=env._(
                    "WeCom is asked to move %(client)s back from %(successor)s to %(previous)s; "
                    "the result shows on the WeCom transfers.",
                    client=line.partner_id.display_name,
                    successor=successor.name,
                    previous=previous.name,
                )
            )
        transfers = Transfer.create(vals_list)
        if transfers:
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        return transfers

    def _wecom_cannot_move_back(self, moved):
        """Why WeCom cannot move these customers back to the line's previous holder (a
        sentence), or False."""
        self.ensure_one()
        previous = self.previous_employee_id.sudo()
        if not previous.wecom_userid:
            return self.env._("%(employee)s has no WeCom userid.", employee=previous.name)
        if previous.wecom_resigned:
            return self.env._("%(employee)s has left WeCom's directory.", employee=previous.name)
        since = fields.Datetime.now() - timedelta(days=ONJOB_PERIOD_DAYS)
        recent = (
            self.env["wecom.transfer"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("external_userid", "in", moved.mapped("external_userid")),
                    ("mode", "=", "onjob"),
                    ("told", "=", True),
                    ("requested_on", ">=", since),
                ],
                ["external_userid"],
                ["__count"],
            )
        )
        if any(count >= ONJOB_LIMIT for _external, count in recent):
            return self.env._(
                "WeCom allows two on-the-job transfers of a customer in 90 days, and this one "
                "had them."
            )
        return False

    def _wecom_write_state(self, state, **vals):
        """The WeCom addon's only change of a line's ``state`` (over capacity in WeCom, or a
        difference with WeCom sent to the reassignment queue), through the line's one writer."""
        return self.sudo()._set_state(state, vals)

    def _wecom_expected_holder(self):
        """Who holds the client in Odoo, as far as this line is concerned: the successor once
        accepted, the previous holder once undone, the leaver before."""
        self.ensure_one()
        if self.state == "accepted":
            return self.previous_employee_id if self.undone else self.successor_id
        return self.employee_id

    def _wecom_holder_rule(self, members):
        """The one rule for who holds a customer when Odoo and WeCom both have an opinion,
        applied to each WeCom contact of these lines with WeCom's followers read back (the
        follows of ``members`` were just imported). Returns the report rows.

        - the Odoo holder follows the contact in WeCom: they agree;
        - a request to the successor is on its way, or WeCom gave the contact to the successor
          while Odoo's own window is still open: on its way;
        - an accepted client whose holder WeCom does not have, while another of our members
          follows it: requested again in WeCom, from the member WeCom has (repaired);
        - a client waiting for its successor that WeCom gave to somebody else: Odoo cannot
          choose, the client goes to the reassignment queue with both sides shown (queued);
        - none of our members follows the contact any more: lost in WeCom.
        """
        Transfer = self.env["wecom.transfer"].sudo()
        Contact = self.env["wecom.contact"].sudo()
        company = self.company_id
        company.ensure_one()
        member_userids = set(members.mapped("wecom_userid"))
        asked = Transfer.with_context(active_test=False).search([("line_id", "in", self.ids)])
        contacts = Contact.search(
            [
                ("company_id", "=", company.id),
                (
                    "partner_id.commercial_partner_id",
                    "in",
                    self.partner_id.commercial_partner_id.ids,
                ),
                "|",
                ("follow_ids.userid", "in", list(member_userids)),
                ("id", "in", asked.contact_id.ids),
            ]
        )
        by_client = defaultdict(Contact.browse)
        for contact in contacts:
            by_client[contact.partner_id.commercial_partner_id.id] |= contact
        current = Contact._wecom_current_followers(
            company, contacts.mapped("external_userid"), members
        )
        names = {
            employee.wecom_userid: employee.name
            for employee in self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("wecom_userid", "in", list(set().union(*current.values()))),
                ]
            )
        }
        rows, repairs, queued = [], [], defaultdict(list)
        for line in self.sudo():
            expected = line._wecom_expected_holder()
            client = line.partner_id.commercial_partner_id
            custodian = client.with_company(line.company_id).custodian_id
            if line.state == "accepted" and custodian and custodian != expected:
                continue  # the client moved on since: a newer handover answers for it
            line_asked = asked.filtered(lambda t, line=line: t.line_id == line)
            for contact in by_client[client.id]:
                following = sorted(current.get(contact.external_userid, ()))
                successor = line.successor_id.wecom_userid
                on_its_way = line_asked.filtered(
                    lambda t, contact=contact, successor=successor: (
                        t.active
                        and t.contact_id == contact
                        and t.takeover_userid == successor
                        and t.state in PENDING_STATES
                    )
                )
                if expected.wecom_userid in following:
                    outcome = "agree"
                elif on_its_way or (line.state == "waiting" and successor in following):
                    outcome = "in_progress"
                elif not following:
                    outcome = "lost"
                elif line.state == "accepted" and expected.wecom_userid:
                    outcome = "repaired"
                    repairs.append((line, contact, following[0], expected.wecom_userid))
                else:
                    outcome = "queued"
                    if line.state == "waiting":
                        queued[line].append(", ".join(names.get(u, u) for u in following))
                rows.append(
                    {
                        "line_id": line.id,
                        "contact_id": contact.id,
                        "external_userid": contact.external_userid,
                        "odoo_holder_id": expected.id,
                        "wecom_holders": ", ".join(names.get(u, u) for u in following),
                        "outcome": outcome,
                    }
                )
        if repairs:
            superseded = asked.filtered(
                lambda t: t.active and (t.line_id, t.contact_id) in {(r[0], r[1]) for r in repairs}
            )
            superseded.action_archive()
            superseded.line_id.invalidate_recordset(["wecom_transfer_ids"])
            Transfer.create(
                [
                    {
                        "company_id": line.company_id.id,
                        "line_id": line.id,
                        "contact_id": contact.id,
                        "external_userid": contact.external_userid,
                        "mode": "onjob",
                        "handover_userid": holder,
                        "takeover_userid": takeover,
                    }
                    for line, contact, holder, takeover in repairs
                ]
            )
            self.env.ref("client_custody_wecom.ir_cron_wecom_sync")._trigger()
        for line, holders in queued.items():
            line._wecom_queue_difference(holders)
        return rows

    def _wecom_queue_difference(self, holders):
        """A client waiting for its successor that WeCom gave to somebody else: to the
        reassignment queue, both sides shown (on the line and on the handover)."""
        self.ensure_one()
        handover = self.handover_id.sudo()
        env = self.with_context(lang=handover._notice_lang(internal=True)).env
        note = env._(
            "WeCom has %(wecom)s as the customer's contact; Odoo proposed %(successor)s.",
            wecom=", ".join(holders),
            successor=self.successor_id.sudo().name,
        )
        self._wecom_write_state(
            "refused",
            refusal_note=note,
            refusal_choice="decline",
            responded_at=fields.Datetime.now(),
        )
        handover.with_user(SUPERUSER_ID).with_context(lang=env.lang).message_post(
            body=env._(
                "%(client)s differs between WeCom and Odoo and waits in the reassignment queue: "
                "%(note)s",
                client=self.partner_id.display_name,
                note=note,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _wecom_plan_transfers(self):
        """Prepare a WeCom transfer for each external contact of these clients, to the line's
        successor; returns the transfers to request (the WeCom scheduled action sends them).

        The contacts are those the leaver follows, and those this line already asked WeCom to
        move (a client reassigned after WeCom moved it to an earlier successor). A transfer
        to the current successor, on its way or done, is not asked again; one to an earlier
        successor is superseded (archived, its result still read), never counted as the
        current successor's. Who hands the customer over is read back from WeCom when the
        request is sent (``wecom.transfer._wecom_read_back``), and so is 离职 / 在职.
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
            by_client = defaultdict(lambda: self.env["wecom.contact"])
            for contact in contacts:
                by_client[contact.partner_id.commercial_partner_id.id] |= contact
            mode = "resigned" if leaver._wecom_is_resigned() else "onjob"
            superseded = Transfer
            # Read with a search: the lines' one2many cache must keep the active ones only.
            every = Transfer.with_context(active_test=False).search(
                [("line_id", "in", handover_lines.ids)]
            )
            for line in handover_lines:
                takeover = line.successor_id.sudo().wecom_userid or False
                asked = every.filtered(lambda t, line=line: t.line_id == line)
                current = asked.filtered("active")
                busy = {
                    transfer.external_userid
                    for transfer in current
                    if transfer.takeover_userid == takeover
                    and transfer.state in (*PENDING_STATES, "accepted", "resolved")
                }
                superseded |= current.filtered(lambda t, busy=busy: t.external_userid not in busy)
                line_contacts = by_client[line.partner_id.commercial_partner_id.id] | (
                    asked.contact_id
                )
                for contact in line_contacts:
                    if contact.external_userid in busy:
                        continue
                    if not asked and takeover and takeover in contact.follow_ids.mapped("userid"):
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
                            "takeover_userid": takeover,
                        }
                    )
            # A new request replaces a refused, over-capacity, failed one, or one to an earlier
            # successor (kept, archived: its result is still read, see ``_cron_sync``).
            superseded.action_archive()
            # The lines' transfers (active ones) changed without their state changing.
            superseded.line_id.invalidate_recordset(["wecom_transfer_ids"])
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
            # Whoever reads the result (the callback's public user, the scheduled action, a
            # manager's button), the refusal is WeCom's news of the client's answer: written
            # by the system, naming the client, never by "Public user".
            refused.with_user(SUPERUSER_ID)._refuse(
                self.env._("The client refused the new contact in WeCom."), by_client=False
            )
        over = (waiting - refused).filtered(
            lambda line: "over_capacity" in line.wecom_transfer_ids.mapped("state")
        )
        over._wecom_write_state("over_capacity")
        rest = waiting - refused - over
        window_ends, ready = rest._wecom_window_ends(now)
        for end, lines in window_ends.items():
            lines.write({"window_end": end})
        if ready:
            # Taken over in WeCom: WeCom told the customer (its own 24-hour notice).
            ready.filtered(lambda line: not line.told_at)._mark_told("wecom")
            ready._accept()
            # Completed as every path completes a handover with nothing left open.
            ready.handover_id.sudo()._try_complete()
        return ready

    def _wecom_window_ends(self, now):
        """({window end: lines}, lines ready to accept) for lines waiting on WeCom."""
        window_ends = defaultdict(self.browse)
        ready = self.browse()
        for line in self:
            # Nothing to move in WeCom: Odoo tells and hands over the client on its own.
            states = set(line.wecom_transfer_ids.mapped("state")) - set(NOTHING_TO_MOVE_STATES)
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
