from odoo import api, fields, models
from odoo.fields import Domain


class AlumniDashboard(models.TransientModel):
    """The evaluation figures at a glance, with the warnings the officer must act on."""

    _name = "alumni.dashboard"
    _description = "Alumni Evaluation Dashboard"

    year = fields.Integer(help="Departure year; empty for all years.")
    department_id = fields.Many2one("hr.department", string="Last Department")
    officer_missing = fields.Boolean(compute="_compute_figures")
    member_count = fields.Integer(string="Members", compute="_compute_figures")
    satisfaction = fields.Float(compute="_compute_figures", digits=(16, 2))
    first_contact_rate = fields.Float(
        string="First Contact within 7 Days (%)", compute="_compute_figures", digits=(16, 1)
    )
    coverage_rate = fields.Float(
        string="Contact Coverage (%)", compute="_compute_figures", digits=(16, 1)
    )
    services_delivered = fields.Integer(compute="_compute_figures")
    boomerang_rate = fields.Float(
        string="Boomerang Rate (%)", compute="_compute_figures", digits=(16, 1)
    )
    referrals_hired = fields.Integer(compute="_compute_figures")
    complaint_count = fields.Integer(string="Complaints", compute="_compute_figures")
    complaints_in_time_rate = fields.Float(
        string="Complaints Answered in Time (%)", compute="_compute_figures", digits=(16, 1)
    )

    def _filter_domain(self, date_field):
        domain = Domain("company_id", "in", self.env.companies.ids)
        if self.year:
            domain &= Domain(date_field, ">=", f"{self.year}-01-01") & Domain(
                date_field, "<=", f"{self.year}-12-31"
            )
        if self.department_id:
            domain &= Domain("department_id", "=", self.department_id.id)
        return domain

    @api.depends("year", "department_id")
    def _compute_figures(self):
        for dashboard in self:
            dashboard.officer_missing = not self.env.company.alumni_officer_id
            [row] = self.env["alumni.evaluation.report"]._read_group(
                dashboard._filter_domain("departure_date"),
                [],
                [
                    "member_count:sum",
                    "first_contact_rate:avg",
                    "coverage_rate:avg",
                    "boomerang_rate:avg",
                    "services_delivered:sum",
                    "referrals_hired:sum",
                    "complaint_count:sum",
                    "complaints_in_time:sum",
                ],
            )
            (members, first, coverage, boomerang, services, hired, complaints, in_time) = row
            [(satisfaction,)] = self.env["alumni.rating.report"]._read_group(
                dashboard._filter_domain("date"), [], ["score:avg"]
            )
            dashboard.member_count = members or 0
            dashboard.first_contact_rate = first or 0.0
            dashboard.coverage_rate = coverage or 0.0
            dashboard.boomerang_rate = boomerang or 0.0
            dashboard.services_delivered = services or 0
            dashboard.referrals_hired = hired or 0
            dashboard.complaint_count = complaints or 0
            dashboard.complaints_in_time_rate = 100.0 * in_time / complaints if complaints else 0.0
            dashboard.satisfaction = satisfaction or 0.0

    def _open_report(self, model, name, view_mode):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": view_mode,
            "domain": list(
                self._filter_domain("date" if model == "alumni.rating.report" else "departure_date")
            ),
        }
        if model == "alumni.rating.report":
            action["context"] = {"fill_temporal": False}
        return action

    def action_open_evaluation(self):
        return self._open_report(
            "alumni.evaluation.report", self.env._("Service Evaluation"), "pivot,graph"
        )

    def action_open_satisfaction(self):
        return self._open_report("alumni.rating.report", self.env._("Satisfaction"), "graph,pivot")
