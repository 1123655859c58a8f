from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    wecom_userid = fields.Char(
        string="WeCom userid",
        groups="hr.group_hr_user,client_custody.group_custody_manager",
        copy=False,
        index="btree_not_null",
        help="The member's account (userid) in the company's WeCom directory.",
    )
    wecom_resigned = fields.Boolean(
        string="Resigned in WeCom",
        groups="hr.group_hr_user,client_custody.group_custody_manager",
        copy=False,
        help="The member has been removed from the WeCom directory: their customers move with "
        "WeCom's resigned inheritance (离职继承). Set by the unassigned-customers import.",
    )

    _wecom_userid_unique = models.UniqueIndex(
        "(company_id, wecom_userid) WHERE wecom_userid IS NOT NULL",
        lambda env, diag=None: env._("A WeCom userid belongs to one employee per company."),
    )

    def _wecom_is_resigned(self):
        """Whether WeCom's resigned inheritance (离职继承) applies to this member."""
        self.ensure_one()
        employee = self.sudo()
        return employee.wecom_resigned or not employee.active
