from odoo import fields, models


class CustodyHandoverWizard(models.TransientModel):
    _inherit = "custody.handover.wizard"

    cascade_opportunities = fields.Boolean(string="Move open opportunities", default=True)
    cascade_activities = fields.Boolean(string="Move open activities", default=True)

    def _handover_vals(self):
        return dict(
            super()._handover_vals(),
            cascade_opportunities=self.cascade_opportunities,
            cascade_activities=self.cascade_activities,
        )
