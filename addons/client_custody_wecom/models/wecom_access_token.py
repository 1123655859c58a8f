from odoo import fields, models


class WecomAccessToken(models.Model):
    """WeCom's access token, one per company, shared by all workers through the database.

    Read and written only by ``wecom.api`` (in SQL, on a cursor of its own so that a refresh
    is committed whatever happens to the request that needed it); system administrators may
    read it.
    """

    _name = "wecom.access.token"
    _description = "WeCom Access Token"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    token = fields.Char(required=True)
    expires_at = fields.Datetime(required=True)

    _company_unique = models.UniqueIndex("(company_id)")
