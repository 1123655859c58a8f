from odoo import api, fields, models
from odoo.tools import SQL


class WecomCallLog(models.Model):
    """One call to WeCom's API: endpoint, how many items, what WeCom answered. No secrets."""

    _name = "wecom.call.log"
    _description = "WeCom API Call"
    _order = "id desc"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    handover_id = fields.Many2one(
        "custody.handover", index="btree_not_null", ondelete="cascade", readonly=True
    )
    endpoint = fields.Char(required=True, readonly=True)
    item_count = fields.Integer(string="Items", readonly=True)
    errcode = fields.Integer(readonly=True)
    errmsg = fields.Char(readonly=True)
    item_errcodes = fields.Char(string="Per-item errcodes", readonly=True)
    attempts = fields.Integer(readonly=True, default=1)

    @api.model
    def _record(self, company, path, answer, handover=None, count=None, attempts=1):
        """One row per handover concerned (a result page may serve several), else one."""
        vals = {
            "company_id": company.id,
            "endpoint": path,
            "item_count": count or 0,
            "errcode": answer.get("errcode", 0),
            "errmsg": (answer.get("errmsg") or "")[:200],
            "item_errcodes": self.env["wecom.api"]._errcode_summary(answer),
            "attempts": attempts,
        }
        handover_ids = handover.ids if handover else [False]
        return self.create([dict(vals, handover_id=handover_id) for handover_id in handover_ids])

    @api.model
    def _record_on(self, cr, company, path, errcode):
        """The same, on another cursor (the token refresh commits on its own)."""
        cr.execute(
            SQL(
                """INSERT INTO wecom_call_log
                          (company_id, endpoint, item_count, errcode, attempts,
                           create_date, write_date)
                   VALUES (%s, %s, 0, %s, 1, now() at time zone 'UTC', now() at time zone 'UTC')""",
                company.id,
                path,
                errcode,
            )
        )
