from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    alumni_private = fields.Boolean(
        string="Alumni Private Contact",
        readonly=True,
        copy=False,
        index=True,
        help="The private contact of a former employee: the record rules let only alumni "
        "officers and HR read it.",
    )

    def _alumni_erase(self, label):
        """Erase every text of these private contacts, keep an archived shell named ``label``."""
        erase = {
            fname: False
            for fname, field in self._fields.items()
            if field.store
            and field.type in ("char", "text", "html")
            and not field.compute
            and not field.readonly
            and fname not in ("name", "lang", "tz", "type")
        }
        erase.update(name=label, active=False, image_1920=False)
        self.sudo().with_context(mail_notrack=True, tracking_disable=True).write(erase)
