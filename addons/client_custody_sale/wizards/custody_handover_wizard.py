from odoo import fields, models


class CustodyHandoverWizard(models.TransientModel):
    _inherit = "custody.handover.wizard"

    cascade_quotations = fields.Boolean(
        string="Move open quotations",
        default=True,
        help="Draft and sent quotations of the clients go to the successor; confirmed orders "
        "and invoices keep their salesperson.",
    )

    def _handover_vals(self):
        return dict(super()._handover_vals(), cascade_quotations=self.cascade_quotations)
