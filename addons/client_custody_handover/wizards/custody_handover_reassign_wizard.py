from odoo import api, fields, models
from odoo.exceptions import UserError

from ..states import REASSIGNABLE_STATES


class CustodyHandoverReassignWizard(models.TransientModel):
    """Give several clients waiting for a successor one new successor, and notify them again."""

    _name = "custody.handover.reassign.wizard"
    _description = "Give Clients a New Successor"

    line_ids = fields.Many2many(
        "custody.handover.line",
        string="Clients",
        domain=[("state", "in", REASSIGNABLE_STATES)],
    )
    line_count = fields.Integer(compute="_compute_line_count", string="Clients selected")
    successor_id = fields.Many2one(
        "hr.employee",
        string="New successor",
        required=True,
        domain="[('user_id', '!=', False)]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "custody.handover.line":
            lines = self.env["custody.handover.line"].browse(context.get("active_ids") or [])
            values["line_ids"] = [fields.Command.set(lines.ids)]
        return values

    @api.depends("line_ids")
    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)

    def action_confirm(self):
        """One successor for all the selected clients; they are notified again."""
        self.ensure_one()
        lines = self.line_ids
        if not lines:
            raise UserError(self.env._("Select the clients waiting for a successor."))
        others = lines.filtered(lambda line: line.state not in REASSIGNABLE_STATES)
        if others:
            raise UserError(
                self.env._(
                    "Only clients waiting for a successor can be given a new one, not %(clients)s.",
                    clients=", ".join(others[:10].partner_id.mapped("display_name")),
                )
            )
        lines.handover_id._check_manager()
        for line in lines:
            line._check_successor(self.successor_id)
        lines.write({"successor_id": self.successor_id.id})
        lines.action_reassign()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("New successor"),
                "message": self.env._(
                    "%(employee)s now succeeds for %(count)s clients; they are notified again.",
                    employee=self.successor_id.name,
                    count=len(lines),
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
