from odoo import fields, models


class AlumniTag(models.Model):
    _name = "alumni.tag"
    _description = "Alumni Skill / Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE(name)", "A tag with this name already exists.")
