from odoo import fields, models


class WecomContactFollow(models.Model):
    """A member following an external contact in WeCom (follow_user / follow_info)."""

    _name = "wecom.contact.follow"
    _description = "WeCom Contact Follower"
    _order = "contact_id, followed_since, id"

    contact_id = fields.Many2one("wecom.contact", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="contact_id.company_id", store=True, index=True)
    userid = fields.Char(string="WeCom userid", required=True, index=True)
    employee_id = fields.Many2one("hr.employee", index="btree_not_null", ondelete="set null")
    remark = fields.Char()
    description = fields.Char()
    tags = fields.Char(help="WeCom tag ids (tag_id) the member gave the contact.")
    remark_mobiles = fields.Char()
    followed_since = fields.Datetime()
