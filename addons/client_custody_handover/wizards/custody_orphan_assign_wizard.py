from odoo import models


class CustodyOrphanAssignWizard(models.TransientModel):
    _inherit = "custody.orphan.assign.wizard"

    def _assign_rows(self, orphans, successor):
        """Clients waiting for a successor: proposed to the colleague, as a reassignment does
        (the client is told and may refuse again)."""
        res = super()._assign_rows(orphans, successor)
        lines = orphans.line_id
        if lines:
            lines.write({"successor_id": successor.id})
            lines.action_reassign()
        return res
