from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from odoo.addons.client_custody_handover.tests.common import (
    CommittedCase,
    close_windows,
    custody_users,
)


@tagged("post_install", "-at_install")
class TestSuccessorLosesAccessInBackground(CommittedCase):
    """A successor whose user loses the custody group while a background handover runs (the
    employee stays active): on real cursors, an administrator's transaction removes the group
    and commits, then the batches run in another: that successor's clients go to reassignment,
    the other successor's clients are accepted, and no batch fails."""

    @classmethod
    def _commit_fixture(cls, env):
        users, employees = custody_users(
            env, ["Eligible leaver", "Eligible stays", "Eligible loses"]
        )
        leaver, stays, loses = employees
        leaver.departure_date = "2026-12-31"  # a departure handover needs a leaver
        clients = env["res.partner"].create(
            [
                {"name": f"Eligible client {n}", "is_company": True, "email": "e@example.com"}
                for n in range(6)
            ]
        )
        env["custody.assignment"]._move(clients, leaver)
        handover = env["custody.handover"]._prepare(
            leaver,
            [
                {"partner_id": c.id, "successor_id": (stays if n % 2 else loses).id}
                for n, c in enumerate(clients)
            ],
            {"kind": "departure"},
        )
        handover.item_ids.action_mark_returned()
        handover.action_start()
        close_windows(handover.line_ids)
        return {
            "users": users.ids,
            "employees": employees.ids,
            "stays": stays.id,
            "loses": loses.id,
            "handover": handover.id,
            "clients": clients.ids,
        }

    def test_the_batch_goes_on(self):
        with self.registry.cursor() as admin_cr, self.registry.cursor() as cron_cr:
            admin = api.Environment(admin_cr, SUPERUSER_ID, {})
            cron = api.Environment(cron_cr, SUPERUSER_ID, {})
            cron_cr.execute("SET LOCAL lock_timeout = '5s'")
            loses = admin["hr.employee"].browse(self.ids["loses"])
            group = admin.ref("client_custody.group_custody_user")
            loses.user_id.write({"group_ids": [(3, group.id)]})
            admin_cr.commit()
            self.assertTrue(loses.active, "the employee stays active")
            cron["custody.handover"]._cron_process_batches(batch_size=2)
            cron.flush_all()
            cron_cr.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            handover = env["custody.handover"].browse(self.ids["handover"])
            states = {(line.successor_id.id, line.state) for line in handover.line_ids}
            self.assertEqual(
                states, {(self.ids["stays"], "accepted"), (self.ids["loses"], "successor_left")}
            )
            self.assertEqual(handover.state, "in_progress")
            stays_clients = handover.line_ids.filtered(
                lambda line: line.successor_id.id == self.ids["stays"]
            ).partner_id
            self.assertEqual(set(stays_clients.custodian_id.ids), {self.ids["stays"]})
            bodies = handover.message_ids.mapped("body")
            self.assertTrue(any("can no longer hold clients" in body for body in bodies))
