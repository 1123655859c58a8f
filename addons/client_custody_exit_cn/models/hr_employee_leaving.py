# pylint: disable=consider-merging-classes-inherited
from odoo import models


# Its own file, apart from hr_employee.py: the custody side of "who is leaving" (a hook of
# the handover addon), kept away from the exit's own employee fields and their changes.
class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def _custody_is_leaving(self):
        """Also leaving: an employee whose exit has its notice recorded (notice period or
        departed), so that their departure handover runs inside the notice period."""
        leaving = super()._custody_is_leaving()
        if not self - leaving:
            return leaving
        exits = (
            self.env["hr.exit"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", (self - leaving).ids),
                    ("state", "in", ("notice", "departed")),
                    ("notice_date", "!=", False),
                ]
            )
        )
        return leaving | exits.employee_id
