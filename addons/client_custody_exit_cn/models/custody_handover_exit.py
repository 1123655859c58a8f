# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models

from .hr_exit import EXIT_READERS


# Its own file, apart from custody_handover.py (the handover's own events): what a custody
# manager may know of the leaver's exit, read from the handover they run (issue 27, item 8).
class CustodyHandover(models.Model):
    _inherit = "custody.handover"

    exit_employee_handover_done = fields.Boolean(
        string="Employee's handover complete",
        compute="_compute_exit_status",
        groups=EXIT_READERS,
        help="Labour Contract Law art. 50: the leaver's own deliverables (mandatory items "
        "returned or waived in writing, client files, introductions made). Clients' decisions "
        "and the company's reassignments are not the leaver's duty.",
    )
    exit_compensation_waits_for_handover = fields.Boolean(
        string="Compensation waits for the employee's handover",
        compute="_compute_exit_status",
        groups=EXIT_READERS,
        help="Labour Contract Law art. 50: the economic compensation is paid when the leaver's "
        "own handover is complete. Neither its kind nor its amount is shown here.",
    )

    def _compute_exit_status(self):
        # The exit is HR's: read as superuser, only these two facts leave it.
        exits = (
            self.env["hr.exit"]
            .sudo()
            .search([("handover_id", "in", self._origin.ids)], order="id desc")
        )
        by_handover = exits.grouped("handover_id")
        for handover in self:
            exit_ = by_handover.get(handover._origin, exits.browse())[:1]
            handover.exit_employee_handover_done = bool(exit_) and exit_.employee_handover_done
            handover.exit_compensation_waits_for_handover = (
                bool(exit_) and exit_._waits_for_employee_handover()
            )
