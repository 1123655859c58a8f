from odoo import fields, models

# The seed's post-exit services; each one needs the consent of one purpose.
SERVICE_KINDS = [
    ("career_consulting", "Career Consulting"),
    ("job_referral", "Job Referral"),
    ("training_access", "Training Access"),
    ("product_discount", "Product Discount"),
    ("knowledge_sharing", "Knowledge Sharing"),
    ("entrepreneurship", "Entrepreneurship Support"),
    ("hardship", "Hardship Support"),
]
SERVICE_PURPOSE = {
    "job_referral": "job_offers",
    "hardship": "sensitive",
}


class AlumniServiceType(models.Model):
    _name = "alumni.service.type"
    _description = "Alumni Service (catalogue)"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(SERVICE_KINDS, required=True)
    description = fields.Text(translate=True)
    default_days = fields.Integer(
        string="Due within (days)", default=30, help="Default time to deliver the service."
    )
    active = fields.Boolean(default=True)

    _default_days_positive = models.Constraint(
        "CHECK(default_days > 0)", "A service is due at least one day after it is planned."
    )
