from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustodyHandoverLine(models.Model):
    """The successor introduced to the client while the leaver is still there (seeds 001, 004)."""

    _inherit = "custody.handover.line"

    introduction_state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")],
        string="Introduction",
        copy=False,
        help="Whether the leaver introduced the successor to this client during the notice period.",
    )
    introduction_date = fields.Date(copy=False)
    introduction_channel = fields.Selection(
        [("visit", "Visit"), ("call", "Call"), ("wecom", "WeCom"), ("email", "E-mail")],
        string="Introduced by",
        copy=False,
    )

    @api.constrains("introduction_state", "introduction_date", "introduction_channel")
    def _check_introduction(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.introduction_state == "done" and not (
                line.introduction_date and line.introduction_channel
            ):
                raise ValidationError(
                    self.env._(
                        "Say when and how the successor was introduced to %(client)s.",
                        client=line.partner_id.display_name,
                    )
                )
            if line.introduction_date and line.introduction_date > today:
                raise ValidationError(
                    self.env._(
                        "The introduction to %(client)s cannot be dated in the future.",
                        client=line.partner_id.display_name,
                    )
                )
