from odoo import fields, models


class CustodyNoncompeteEndWizard(models.TransientModel):
    """The employee ended the non-compete after three months unpaid for the employer's reason
    (SPC Interpretation I art. 38): the date and the evidence of their notice."""

    _name = "custody.noncompete.end.wizard"
    _description = "Non-compete Ended by the Employee"

    noncompete_id = fields.Many2one(
        "custody.noncompete", string="Non-compete", required=True, ondelete="cascade"
    )
    end_date = fields.Date(string="Ended on", required=True, default=fields.Date.context_today)
    evidence = fields.Text(
        string="Employee's notice",
        required=True,
        help="How the employee's notice was received (letter, e-mail, WeCom message) and when.",
    )

    def action_end(self):
        self.ensure_one()
        self.noncompete_id._end_by_employee(self.end_date, self.evidence)
        return {"type": "ir.actions.act_window_close"}
