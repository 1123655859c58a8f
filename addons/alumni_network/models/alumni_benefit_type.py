from odoo import fields, models


class AlumniBenefitType(models.Model):
    _name = "alumni.benefit.type"
    _description = "Alumni Benefit Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("training", "Training Platform Access"),
            ("discount", "Product Discount"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    discount_percent = fields.Float(string="Discount (%)")
    default_duration_months = fields.Integer(string="Default Duration (months)", default=12)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _discount_range = models.Constraint(
        "CHECK(discount_percent >= 0 AND discount_percent <= 100)",
        "The discount is a percentage between 0 and 100.",
    )
    _duration_positive = models.Constraint(
        "CHECK(default_duration_months > 0)",
        "The default duration must be at least one month.",
    )
