from odoo import fields, models


class CustodyNoncompeteReleaseWizard(models.TransientModel):
    """The company releases a leaver from the non-compete, with the date and the reason."""

    _name = "custody.noncompete.release.wizard"
    _description = "Release a Non-compete"

    noncompete_id = fields.Many2one(
        "custody.noncompete", string="Non-compete", required=True, ondelete="cascade"
    )
    release_date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True)

    def action_release(self):
        self.ensure_one()
        self.noncompete_id._release(self.release_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
