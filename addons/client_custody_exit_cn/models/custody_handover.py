from odoo import models

CUSTODY_MANAGER = "client_custody.group_custody_manager"


class CustodyHandover(models.Model):
    _inherit = "custody.handover"

    def _schedule_approval_activity(self):
        """The approval goes to the configured approver, else to the company's client custody
        managers: never to someone without the right to approve, never to the leaver."""
        for handover in self:
            approvers = handover._exit_approvers()
            if not approvers:
                handover.message_post(
                    body=self.env._(
                        "No client custody manager of %(company)s can approve this handover: "
                        "appoint one (Settings > Client Custody).",
                        company=handover.company_id.name,
                    )
                )
                continue
            for user in approvers:
                handover.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Approve the handover of core clients"),
                )

    def _exit_approvers(self):
        self.ensure_one()
        company = self.company_id
        leaver = self.employee_id.sudo().user_id

        def may_approve(user):
            return (
                user.active
                and user != leaver
                and company in user.company_ids
                and user.has_group(CUSTODY_MANAGER)
            )

        approver = company.sudo().custody_approver_id
        if approver and may_approve(approver):
            return approver
        managers = self.env.ref(CUSTODY_MANAGER).sudo().all_user_ids
        return managers.filtered(lambda user: not user.share and may_approve(user))

    def _mark_done(self):
        """The departure handover is complete: the leaver's compensation becomes payable."""
        res = super()._mark_done()
        self._exit_notify_closed()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self._exit_notify_closed()
        return res

    def _exit_notify_closed(self):
        departures = self.filtered(lambda h: h.kind == "departure")
        if departures:
            exits = self.env["hr.exit"].sudo().search([("handover_id", "in", departures.ids)])
            exits._on_handover_closed()
