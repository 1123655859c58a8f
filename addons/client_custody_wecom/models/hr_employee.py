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
        "WeCom's resigned inheritance. Set by the unassigned-customers import.",
    )

    _wecom_userid_unique = models.UniqueIndex(
        "(company_id, wecom_userid) WHERE wecom_userid IS NOT NULL",
        lambda env, diag=None: env._("A WeCom userid belongs to one employee per company."),
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("wecom_userid"):
            self._wecom_link_follows()
        return res

    def _wecom_link_follows(self):
        """Imported followers with this userid are this employee (set after the import)."""
        Follow = self.env["wecom.contact.follow"].sudo()
        for employee in self.sudo():
            Follow.search(
                [
                    ("company_id", "=", employee.company_id.id),
                    ("userid", "=", employee.wecom_userid),
                    ("employee_id", "!=", employee.id),
                ]
            ).write({"employee_id": employee.id})

    def _wecom_is_resigned(self):
        """Whether WeCom's resigned inheritance (离职继承) applies to this member."""
        self.ensure_one()
        employee = self.sudo()
        return employee.wecom_resigned or not employee.active
