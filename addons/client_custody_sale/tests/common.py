from datetime import datetime

from freezegun import freeze_time

from odoo import Command

from odoo.addons.client_custody.tests.common import CustodyCase


class SaleCustodyCase(CustodyCase):
    """The custody organisation, plus a product to sell and helpers for orders, invoices and
    completed handovers at given dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.product = cls.env["product.product"].create(
            {"name": "Custody Service", "type": "service", "list_price": 100, "taxes_id": False}
        )
        cls.manager_user.group_ids += cls.env.ref("sales_team.group_sale_salesman_all_leads")
        cls.Outcome = cls.env["custody.handover.outcome"]

    @classmethod
    def _order(cls, partner, amount, user, when=None, state="sale", company=None):
        """A sales order of ``amount`` (untaxed), confirmed (``state`` 'sale') on ``when``."""
        order = (
            cls.env["sale.order"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "company_id": (company or cls.company).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                            }
                        )
                    ],
                }
            )
        )
        if state == "sent":
            order.action_quotation_sent()
        elif state == "sale":
            order.action_confirm()
        elif state == "cancel":
            order.action_cancel()
        if when:
            order.date_order = when
        return order

    @classmethod
    def _invoice(cls, partner, amount, when, refund=False):
        move = (
            cls.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund" if refund else "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": when,
                    "company_id": cls.company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": False,
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    @classmethod
    def _handover(cls, clients, leaver, successor, start, accept, **values):
        """A departure handover of ``clients`` from ``leaver`` to ``successor``, started at
        ``start`` and completed (every client told by call and accepted) at ``accept``."""
        with freeze_time(start):
            wizard = (
                cls.env["custody.handover.wizard"]
                .with_user(cls.manager_user)
                .with_context(active_model="res.partner", active_ids=clients.ids)
                .create({"strategy": "single", "successor_id": successor.id, **values})
            )
            handover = cls.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
            handover.action_start()
            if handover.state == "to_approve":  # the company approves core clients
                handover.action_approve()
            handover.line_ids.with_user(cls.manager_user).action_told_by_call()
        with freeze_time(accept):
            handover.line_ids.sudo()._accept()
            handover.item_ids.action_mark_returned()
        assert handover.state == "done", handover.state
        return handover

    @staticmethod
    def _dt(text):
        return datetime.fromisoformat(text)
