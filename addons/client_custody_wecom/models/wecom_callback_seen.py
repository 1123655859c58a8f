from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# How long a callback request is remembered to refuse its replay (older ones are refused by
# their timestamp anyway).
KEEP = timedelta(days=1)


class WecomCallbackSeen(models.Model):
    """Signature, timestamp and nonce of each callback request accepted: a replay is refused."""

    _name = "wecom.callback.seen"
    _description = "WeCom Callback Request Seen"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    msg_signature = fields.Char(required=True)
    timestamp = fields.Char(required=True)
    nonce = fields.Char(required=True)

    _request_unique = models.UniqueIndex("(company_id, msg_signature, timestamp, nonce)")

    @api.model
    def _first_time(self, company, msg_signature, timestamp, nonce):
        """Remember the request; False when it was seen before (a replay)."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO wecom_callback_seen
                          (company_id, msg_signature, timestamp, nonce, create_date, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s)
                   ON CONFLICT DO NOTHING RETURNING id""",
                company.id,
                msg_signature,
                timestamp,
                nonce,
                fields.Datetime.now(),
                fields.Datetime.now(),
            )
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _gc(self):
        self.env.cr.execute(
            SQL(
                "DELETE FROM wecom_callback_seen WHERE create_date < %s",
                fields.Datetime.now() - KEEP,
            )
        )
