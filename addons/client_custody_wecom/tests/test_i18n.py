from odoo.tests import TransactionCase, tagged

from odoo.addons.client_custody.tests.i18n_checks import I18nChecks


@tagged("post_install", "-at_install")
class TestI18n(I18nChecks, TransactionCase):
    module = "client_custody_wecom"
