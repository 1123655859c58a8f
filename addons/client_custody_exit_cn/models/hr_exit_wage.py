from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# SPC Interpretation I art. 36 and Labour Contract Law art. 47: the 12 months before leaving.
WAGE_BASIS_MONTHS = 12


class HrExitWage(models.Model):
    """One month of an employee's pay, variable pay included, where there is no payroll.

    The averages of the economic compensation and of the non-compete compensation are taken
    from these months. HR managers only: wages are theirs to read (HR officers are not).
    """

    _name = "hr.exit.wage"
    _description = "Monthly Wage for Exit Computations"
    _order = "employee_id, date desc"

    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        context={"active_test": False},
    )
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month", required=True, help="The first day of the month.")
    base_wage = fields.Monetary(string="Wage")
    variable_pay = fields.Monetary(
        string="Variable pay", help="Commissions, bonuses and allowances paid for the month."
    )
    total = fields.Monetary(compute="_compute_total", store=True)
    note = fields.Char()

    _one_per_month = models.UniqueIndex(
        "(employee_id, date)",
        lambda env, diag=None: env._("An employee's month is recorded once."),
    )

    @api.depends("base_wage", "variable_pay")
    def _compute_total(self):
        for wage in self:
            wage.total = wage.base_wage + wage.variable_pay

    @api.constrains("date", "base_wage", "variable_pay")
    def _check_values(self):
        for wage in self:
            if wage.date.day != 1:
                raise ValidationError(
                    self.env._("A wage month is recorded on the first day of the month.")
                )
            if wage.base_wage < 0 or wage.variable_pay < 0:
                raise ValidationError(self.env._("A wage cannot be negative."))

    @api.depends("employee_id", "date")
    def _compute_display_name(self):
        for wage in self:
            wage.display_name = f"{wage.employee_id.name or ''} {wage.date or ''}".strip()

    @api.model
    def _window(self, date_to):
        """The first days of the 12 months before ``date_to`` (excluded)."""
        last = date_to.replace(day=1) - relativedelta(months=1)
        return [last - relativedelta(months=index) for index in range(WAGE_BASIS_MONTHS)][::-1]

    @api.model
    def _fill_from_contracts(self, employee, date_to):
        """Missing months of the window get the wage of the contract in force on their first
        day (variable pay stays to be entered)."""
        months = self._window(date_to)
        existing = set(
            self.search([("employee_id", "=", employee.id), ("date", "in", months)]).mapped("date")
        )
        employee = employee.sudo()
        vals_list = []
        for month in months:
            if month in existing:
                continue
            version = employee._get_version(month)
            start = version.contract_date_start
            if not version or (start and start > month + relativedelta(months=1, days=-1)):
                continue  # not employed yet that month
            vals_list.append({"employee_id": employee.id, "date": month, "base_wage": version.wage})
        return self.create(vals_list)

    @api.model
    def _average(self, employee, date_to):
        """(average monthly pay over the months worked in the window, last month's pay)."""
        wages = self.search(
            [("employee_id", "=", employee.id), ("date", "in", self._window(date_to))],
            order="date",
        )
        if not wages:
            return 0.0, 0.0
        currency = employee.company_id.currency_id
        average = currency.round(sum(wages.mapped("total")) / len(wages))
        return average, wages[-1].total
