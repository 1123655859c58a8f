import logging
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .wecom_api import BUSY_ERRCODE

_logger = logging.getLogger(__name__)

USER_GET = "user/get"
# user/get: the member is not (or no longer) in the directory; status 5: quit.
USER_GONE_ERRCODES = (60111, 46004)
USER_QUIT = 5

# WeCom's rule for a member's userid: 1 to 64 bytes of letters, digits and "_-@.", starting
# with a letter or a digit.
WECOM_USERID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_@.-]{0,63}")


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

    @api.constrains("wecom_userid")
    def _check_wecom_userid(self):
        for employee in self.sudo().filtered("wecom_userid"):
            if not WECOM_USERID.fullmatch(employee.wecom_userid):
                raise ValidationError(
                    self.env._(
                        "%(userid)s is not a WeCom userid: 1 to 64 letters, digits or the "
                        'characters "_-@.", starting with a letter or a digit.',
                        userid=employee.wecom_userid[:70],
                    )
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

    def _wecom_mode(self):
        """ "resigned" (离职继承) or "onjob" (在职继承) for this member, as WeCom's own directory
        says now (user/get: a member who resigned is deleted from it, errcode 60111). The
        answer is kept on the employee (``wecom_resigned``); when WeCom cannot be asked, Odoo's
        own knowledge decides (``_wecom_is_resigned``)."""
        self.ensure_one()
        employee = self.sudo()
        try:
            answer = self.env["wecom.api"]._call(
                employee.company_id, USER_GET, None, query={"userid": employee.wecom_userid}
            )
        except UserError as error:
            _logger.warning("WeCom directory not read for %s: %s", employee.wecom_userid, error)
            answer = {"errcode": BUSY_ERRCODE}
        errcode = answer.get("errcode", 0)
        if errcode in USER_GONE_ERRCODES or (not errcode and answer.get("status") == USER_QUIT):
            resigned = True
        elif not errcode:
            resigned = False
        else:
            return "resigned" if employee._wecom_is_resigned() else "onjob"
        if employee.wecom_resigned != resigned:
            employee.wecom_resigned = resigned
        return "resigned" if resigned else "onjob"

    def _wecom_is_resigned(self):
        """Whether WeCom's resigned inheritance (离职继承) applies to this member."""
        self.ensure_one()
        employee = self.sudo()
        return employee.wecom_resigned or not employee.active
