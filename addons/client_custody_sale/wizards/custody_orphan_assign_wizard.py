from odoo import fields, models

from odoo.addons.client_custody_handover.models.custody_handover_line import BULK_CONTEXT


class CustodyOrphanAssignWizard(models.TransientModel):
    _inherit = "custody.orphan.assign.wizard"

    successor_id = fields.Many2one(
        help="Becomes custodian and Salesperson of the clients, owner of the opportunities "
        "and open quotations, and takes the departed person's place in the sales teams."
    )

    def _assign_rows(self, orphans, successor):
        """Quotation rows: the colleague becomes the quotation's salesperson, in the same step
        and after the same checks (manager, eligible colleague, same company) as every row."""
        res = super()._assign_rows(orphans, successor)
        quotations = orphans.filtered(lambda o: o.kind == "quotation").order_id
        env = self.env(context=dict(self.env.context, **BULK_CONTEXT), su=True)
        quotations.with_env(env).write({"user_id": successor.user_id.id})
        return res
