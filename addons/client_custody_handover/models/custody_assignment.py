from odoo import api, models
from odoo.exceptions import UserError


class CustodyAssignment(models.Model):
    _inherit = "custody.assignment"

    @api.model
    def _check_manual_move(self, partner_ids, company):
        """A client in a running handover of the company is the handover's to move: changed
        by hand, it would be silently replaced when the handover accepts the client."""
        super()._check_manual_move(partner_ids, company)
        if not partner_ids:
            return
        Line = self.env["custody.handover.line"].sudo()
        domain = [*Line._running_domain(list(partner_ids)), ("company_id", "=", company.id)]
        busy = Line.search(domain, limit=10, order="id")
        if busy:
            raise UserError(
                self.env._(
                    "The custody of these clients is being moved by a running handover and "
                    "cannot be changed by hand: %(clients)s. Change the successor on the "
                    "handover, or cancel it first.",
                    clients=", ".join(
                        f"{line.partner_id.display_name} ({line.handover_id.name})" for line in busy
                    ),
                )
            )
