from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SaleCustodyCase

MODULES = [
    "web",
    "mail",
    "client_custody",
    "client_custody_handover",
    "client_custody_crm",
    "client_custody_sale",
]
MANAGER_GROUPS = (
    "base.group_user,base.group_partner_manager,hr.group_hr_user,"
    "client_custody.group_custody_manager"
)


@tagged("post_install", "-at_install")
class TestHandoverOutcomeTour(SaleCustodyCase, HttpCase):
    """The outcomes of a completed handover in Chromium, in English and in Chinese."""

    def _outcomes(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            installed = self.env["ir.module.module"].search(
                [("name", "in", MODULES), ("state", "=", "installed")]
            )
            self.env["ir.module.module"]._load_module_terms(installed.mapped("name"), [lang])
        manager = new_test_user(
            self.env, login=f"outcome_manager_{lang}", groups=MANAGER_GROUPS, lang=lang
        )
        kept, lost = self._clients(2, prefix=f"Tour Outcome {lang}")
        self._hold(kept | lost, self.sales_a)
        for client in (kept, lost):
            self._order(client, 1000, self.user_a, "2026-02-01 10:00:00")
        handover = self._handover(
            kept | lost, self.sales_a, self.sales_b, "2026-03-01 09:00", "2026-03-03 10:00"
        )
        self._order(kept, 1200, self.user_b, "2026-04-01 10:00:00")
        with freeze_time("2026-03-05 09:00:00"):
            kept.sudo().message_post(
                body="Hello",
                author_id=self.user_b.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        with freeze_time("2026-09-15 06:00:00"):
            self.env["custody.handover.outcome"]._refresh()
        self.start_tour(
            f"/odoo/custody.handover/{handover.id}",
            "client_custody_sale_outcomes",
            login=manager.login,
        )

    def test_outcomes_en(self):
        """Kept / at risk / lost on the handover, then its outcomes in pivot, graph and list."""
        self._outcomes("en_US")

    def test_outcomes_zh_cn(self):
        """The same for a manager reading Chinese."""
        self._outcomes("zh_CN")
