from odoo import api, models


class ReportTerminationCertificate(models.AbstractModel):
    """The termination certificate reads the exit as superuser (the employee has no access to
    hr.exit), so it checks first who prints it: HR, or the employee themself — never a portal
    user or a colleague who knows an id (Implementing Regulations art. 24, PIPL)."""

    _name = "report.client_custody_exit_cn.report_termination_certificate"
    _description = "Termination Certificate"

    @api.model
    def _get_report_values(self, docids, data=None):
        exits = self.env["hr.exit"].browse(docids)
        exits._check_certificate_printable()
        return {"doc_ids": docids, "doc_model": "hr.exit", "docs": exits.sudo(), "data": data}
