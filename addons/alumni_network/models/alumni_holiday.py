from odoo import fields, models


class AlumniHoliday(models.Model):
    _name = "alumni.holiday"
    _description = "Alumni Greeting Holiday"
    _order = "date desc"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, help="On this day the holiday greeting goes out.")
    active = fields.Boolean(default=True)
