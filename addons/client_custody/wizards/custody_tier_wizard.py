from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.custody_client import TIERS


class CustodyTierWizard(models.TransientModel):
    """Set the confidentiality tier of many clients at once, with the evidence behind it."""

    _name = "custody.tier.wizard"
    _description = "Set Confidentiality Tier"

    partner_ids = fields.Many2many("res.partner", string="Clients", required=True)
    partner_count = fields.Integer(compute="_compute_partner_count")
    custody_tier = fields.Selection(TIERS, string="Confidentiality tier", required=True)
    custody_tier_basis = fields.Text(string="How the relationship began")
    custody_confidentiality_measures = fields.Text(string="Confidentiality measures")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            values["partner_ids"] = [fields.Command.set(partners.commercial_partner_id.ids)]
        return values

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    def action_apply(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select at least one client."))
        vals = {"custody_tier": self.custody_tier}
        # Evidence is only overwritten when the manager wrote some: a blank field keeps each
        # client's own record.
        for fname in ("custody_tier_basis", "custody_confidentiality_measures"):
            if self[fname]:
                vals[fname] = self[fname]
        self.partner_ids.commercial_partner_id.write(vals)
        return {"type": "ir.actions.act_window_close"}
