from odoo import models


class CustodyHandover(models.Model):
    _inherit = "custody.handover"

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
