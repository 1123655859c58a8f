from odoo import api, fields, models
from odoo.exceptions import UserError

from .wecom_contact import from_epoch
from .wecom_transfer import PENDING_STATES

UNASSIGNED = "externalcontact/get_unassigned_list"
PAGE_SIZE = 1000


class WecomUnassigned(models.Model):
    """A WeCom customer of a resigned member that no handover has taken (待分配客户).

    Refreshed from ``externalcontact/get_unassigned_list``; WeCom loses these customers if
    nobody inherits them, so they are listed here for a departure handover.
    """

    _name = "wecom.unassigned"
    _description = "WeCom Unassigned Customer"
    _order = "dimission_time, id"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    handover_userid = fields.Char(string="Resigned member (userid)", required=True, readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Resigned member", readonly=True)
    external_userid = fields.Char(required=True, readonly=True)
    contact_id = fields.Many2one("wecom.contact", string="WeCom contact", readonly=True)
    partner_id = fields.Many2one(related="contact_id.partner_id", string="Client")
    dimission_time = fields.Datetime(string="Resigned on", readonly=True)

    @api.model
    def action_refresh(self):
        """Read WeCom's unassigned list again for the current company."""
        self._wecom_refresh(self.env.company)
        return True

    @api.model
    def _wecom_refresh(self, company):
        """Replace the company's list with WeCom's (cursor paging, 1000 a page), leaving out
        customers a handover is already transferring or has transferred. Members found there
        are marked resigned in WeCom."""
        Api = self.env["wecom.api"]
        infos, cursor = [], ""
        while True:
            answer = Api._call(
                company, UNASSIGNED, {"cursor": cursor, "page_size": PAGE_SIZE}, count=0
            )
            if answer.get("errcode"):
                raise UserError(self.env["wecom.transfer"]._errcode_message(answer))
            infos += answer.get("info") or []
            cursor = answer.get("next_cursor")
            if answer.get("is_last") or not cursor:
                break
        taken = set(
            self.env["wecom.transfer"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("external_userid", "in", [info.get("external_userid") for info in infos]),
                    ("state", "in", (*PENDING_STATES, "accepted", "resolved")),
                ]
            )
            .mapped("external_userid")
        )
        infos = [info for info in infos if info.get("external_userid") not in taken]
        userids = {info.get("handover_userid") for info in infos}
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("wecom_userid", "in", list(userids))])
        )
        employees.filtered(lambda e: not e.wecom_resigned).write({"wecom_resigned": True})
        by_userid = {employee.wecom_userid: employee.id for employee in employees}
        contacts = (
            self.env["wecom.contact"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("external_userid", "in", [info.get("external_userid") for info in infos]),
                ]
            )
        )
        by_external = {contact.external_userid: contact.id for contact in contacts}
        self.sudo().search([("company_id", "=", company.id)]).unlink()
        return self.sudo().create(
            [
                {
                    "company_id": company.id,
                    "handover_userid": info.get("handover_userid"),
                    "employee_id": by_userid.get(info.get("handover_userid"), False),
                    "external_userid": info.get("external_userid"),
                    "contact_id": by_external.get(info.get("external_userid"), False),
                    "dimission_time": from_epoch(info.get("dimission_time")),
                }
                for info in infos
            ]
        )
