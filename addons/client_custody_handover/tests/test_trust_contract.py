from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.client_custody.tests.common import CustodyCase
from odoo.addons.client_custody_handover.tests.common import tell_clients


@tagged("post_install", "-at_install")
class TestTrustContract(CustodyCase):
    """The promises of the trust contract, tried as an attacker would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second company shares one client with the first.
        cls.manager_b = new_test_user(
            cls.env,
            login="custody_manager_b",
            groups="base.group_user,base.group_partner_manager,client_custody.group_custody_manager",
            company_ids=[(6, 0, cls.other_company.ids)],
            company_id=cls.other_company.id,
        )
        cls.shared = cls._clients(1, prefix="Shared")  # no company: visible to both
        cls.env["custody.assignment"]._move(cls.shared, cls.sales_a)
        cls.env["custody.assignment"]._move(cls.shared, cls.other_employee)
        # Salesperson 0 leaves: the departure is recorded (a departure handover needs a leaver).
        cls.sales_a.departure_date = "2026-12-31"

    def _client_record(self, partner, company):
        return self.env["custody.client"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        )

    def _handover(self, leaver, clients, successor, company_env=None, **vals):
        env = company_env or self.env
        wizard = (
            env["custody.handover.wizard"]
            .with_context(active_model="res.partner", active_ids=clients.ids)
            .create({"strategy": "single", "successor_id": successor.id, **vals})
        )
        wizard.employee_ids = leaver
        return env["custody.handover"].browse(wizard.action_confirm()["res_id"])

    # ------------------------------------------------------------------
    # One custody per client per company
    # ------------------------------------------------------------------
    def test_second_company_does_not_overwrite_the_first(self):
        """B's custodian never shows in A, and B's move leaves A's Salesperson alone."""
        self.assertEqual(self.shared.custodian_id, self.sales_a)
        self.assertEqual(
            self.shared.with_company(self.other_company).custodian_id, self.other_employee
        )
        self.assertEqual(self._client_record(self.shared, self.company).custodian_id, self.sales_a)
        # The shared client is held in two companies: neither writes the one Salesperson.
        self.assertNotEqual(self.shared.user_id, self.other_employee.user_id)

    def test_retaining_in_one_company_keeps_the_other(self):
        """Retaining a client in A ends A's custody only: B still holds it."""
        self.env["custody.assignment"]._retain(self.shared, self.company, self.sales_a, "Own")
        self.assertEqual(self._client_record(self.shared, self.company).state, "retained")
        self.assertEqual(
            self._client_record(self.shared, self.other_company).custodian_id,
            self.other_employee,
        )
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT company_id FROM custody_assignment WHERE partner_id = %s AND date_end IS NULL",
            [self.shared.id],
        )
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], self.other_company.ids)

    @freeze_time("2026-06-01 09:00:00")
    def test_handover_in_a_plans_and_undoes_a_custody(self):
        """The wizard plans A's client under A's holder; undo gives it back in A only."""
        handover = self._handover(self.sales_a, self.shared, self.sales_b)
        line = handover.line_ids
        self.assertEqual(handover.employee_id, self.sales_a)
        handover.company_id.custody_refusal_hours = 0
        handover.refusal_hours = 0
        handover.action_start()
        line._send_notices()
        # The shared client has no e-mail address: its successor calls it.
        self.assertEqual(line.notice_state, "no_email")
        self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(line.state, "waiting", "untold, even with a zero-hour window")
        line.with_user(self.user_b).action_told_by_call()
        self.assertEqual(line.told_channel, "call")
        self.env["custody.handover"]._cron_process_batches()
        self.assertEqual(line.state, "accepted")
        self.assertEqual(line.previous_employee_id, self.sales_a)
        self.assertEqual(self.shared.custodian_id, self.sales_b)
        line.with_user(self.manager_user).action_undo()
        self.assertEqual(self.shared.custodian_id, self.sales_a)
        self.assertEqual(
            self.shared.with_company(self.other_company).custodian_id, self.other_employee
        )

    def test_company_b_manager_cannot_see_or_move_company_a(self):
        """B's manager reads no custody of A and cannot hand A's clients to B's people."""
        records = self.env["custody.client"].with_user(self.manager_b).search([])
        self.assertEqual(records.company_id, self.other_company)
        with self.assertRaises(ValidationError):
            self.env["custody.assignment"].with_user(self.manager_b).create(
                {
                    "partner_id": self.shared.id,
                    "employee_id": self.other_employee.id,
                    "company_id": self.company.id,
                }
            )

    # ------------------------------------------------------------------
    # Who may read and change what
    # ------------------------------------------------------------------
    def test_custody_user_reads_only_the_clients_they_hold(self):
        """A custody user holding nothing reads no tier, evidence nor custodian of anyone."""
        secret = self._clients(1, prefix="Secret", custody_tier="core")
        self._hold(secret, self.sales_b)
        as_c = secret.with_user(self.user_c)
        self.assertFalse(as_c.custodian_id)
        self.assertFalse(as_c.custody_tier)
        self.assertFalse(as_c.custody_tier_basis)
        self.assertFalse(as_c.custody_confidentiality_measures)
        self.assertFalse(self.env["custody.client"].with_user(self.user_c).search([]))
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.user_c)
            .search([("id", "=", secret.id), ("custody_tier", "=", "core")])
        )
        # Over RPC: the record itself is out of reach.
        record = self._client_record(secret, self.company)
        with self.assertRaises(AccessError):
            record.with_user(self.user_c).read(["tier_basis"])
        # The holder reads their own client.
        self.assertEqual(secret.with_user(self.user_b).custody_tier_basis, "Evidence on file")

    def test_team_leader_reads_their_reports_clients(self):
        """A custody user who leads a salesperson reads that salesperson's clients."""
        self.sales_b.parent_id = self.sales_c
        client = self._clients(1, prefix="Team")
        self._hold(client, self.sales_b)
        self.assertEqual(client.with_user(self.user_c).custodian_id, self.sales_b)

    def test_only_managers_set_tiers_and_core_needs_evidence(self):
        """Tiers and evidence are managers'; a decided core tier needs both pieces of evidence."""
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_a).create(
                {"name": "Sneaky", "is_company": True, "custody_tier": "personal"}
            )
        client = self._clients(1, prefix="Evidence")
        with self.assertRaises(ValidationError):
            client.with_user(self.manager_user).write({"custody_tier": "core"})
        with self.assertRaises(ValidationError):
            client.with_user(self.manager_user).write(
                {"custody_tier": "core", "custody_tier_basis": "Trade fair lead"}
            )
        client.with_user(self.manager_user).write(
            {
                "custody_tier": "core",
                "custody_tier_basis": "Trade fair lead",
                "custody_confidentiality_measures": "NDA",
            }
        )
        self.assertEqual(client.custody_tier_decided_by_id, self.manager_user)

    def test_custodian_must_be_a_custody_user_with_a_login(self):
        """No user, or no custody rights: such an employee cannot hold clients."""
        nobody = self.env["hr.employee"].create({"name": "No login"})
        plain = self.env["hr.employee"].create({"name": "Plain", "user_id": self.plain_user.id})
        client = self._clients(1, prefix="Holder")
        for employee in (nobody, plain):
            with self.assertRaises(ValidationError):
                client.with_user(self.manager_user).custodian_id = employee
        self.assertFalse(client.custodian_id)

    @mute_logger("odoo.models.unlink")
    def test_forged_tier_on_a_line_is_ignored(self):
        """Over RPC, a line sent as 'personal' for a core client stays core: not retainable."""
        core = self._clients(1, prefix="Core", custody_tier="core")
        self._hold(core, self.sales_a)
        handover = self.env["custody.handover"].create({"employee_id": self.sales_a.id})
        Line = self.env["custody.handover.line"].with_user(self.manager_user)
        with self.assertRaises(ValidationError):
            Line.create(
                {
                    "handover_id": handover.id,
                    "partner_id": core.id,
                    "tier": "personal",
                    "decision": "retain",
                    "retain_reason": "forged",
                }
            )
        line = Line.create({"handover_id": handover.id, "partner_id": core.id, "tier": "personal"})
        self.assertEqual(line.tier, "core")
        with self.assertRaises(UserError):
            line.write({"tier": "personal"})

    def test_nobody_approves_their_own_handover(self):
        """A manager handing over their own clients waits for another manager's approval."""
        own_employee = self.env["hr.employee"].create(
            {"name": "Manager himself", "user_id": self.manager_user.id}
        )
        clients = self._clients(2, prefix="Own", email="own@example.com")
        self._hold(clients, own_employee)
        handover = self._handover(
            own_employee, clients, self.sales_b, company_env=self.env(user=self.manager_user)
        )
        handover.action_start()
        self.assertEqual(handover.state, "to_approve")
        with self.assertRaises(UserError):
            handover.action_approve()
        approvers = handover.activity_ids.user_id
        self.assertTrue(approvers)
        self.assertNotIn(self.manager_user, approvers)
        for approver in approvers:
            self.assertTrue(approver.has_group("client_custody.group_custody_manager"))

    # ------------------------------------------------------------------
    # A leaver's access ends at departure
    # ------------------------------------------------------------------
    def test_leaver_account_archived_at_departure(self):
        """Archived however it is done, the leaver's account is archived in the same step."""
        self._hold(self._clients(2, prefix="Leaver"), self.sales_a)
        self.sales_a.with_user(self.manager_user).sudo().write({"active": False})
        self.assertFalse(self.user_a.active)
        self.assertIn(self.user_a.login, self.sales_a.message_ids[:3].mapped("body")[0])

    def test_leaver_account_kept_without_client_access(self):
        """When the company keeps accounts, every group reaching clients is removed."""
        self.company.custody_leaver_account = "strip"
        clients = self._clients(2, prefix="Kept")
        self._hold(clients, self.sales_a)
        self.sales_a.action_archive()
        self.assertTrue(self.user_a.active)
        self.assertFalse(self.user_a.has_group("client_custody.group_custody_user"))
        with self.assertRaises(AccessError):
            self.env["custody.client"].with_user(self.user_a).search([])
        with self.assertRaises(AccessError):
            clients[:1].with_user(self.user_a).write({"email": "stolen@example.com"})

    # ------------------------------------------------------------------
    # Dates, contacts, bad input
    # ------------------------------------------------------------------
    def test_periods_dated_in_the_company_calendar(self):
        """Opened from UTC+14 and closed from UTC-11 the same instant: one company date."""
        self.company.partner_id.tz = "Asia/Shanghai"
        client = self._clients(1, prefix="Tz")
        with freeze_time("2026-03-01 11:30:00"):  # 19:30 in Shanghai, 01:30 the next day at +14
            east = self.env(context=dict(self.env.context, tz="Pacific/Kiritimati"))
            west = self.env(context=dict(self.env.context, tz="Pacific/Pago_Pago"))
            first = east["custody.assignment"]._move(client, self.sales_a)
            west["custody.assignment"]._move(client, self.sales_b)
        period = self.env["custody.assignment"].browse(first[client.id])
        self.assertEqual(period.date_start, fields.Date.to_date("2026-03-01"))
        self.assertEqual(period.date_end, fields.Date.to_date("2026-03-01"))

    def test_contact_of_a_client_in_a_running_handover(self):
        """A contact stands for its company: it cannot open a second running handover."""
        company_client = self._clients(1, prefix="Parent", email="p@example.com")
        contact = self.env["res.partner"].create(
            {"name": "Contact person", "parent_id": company_client.id}
        )
        self._hold(company_client, self.sales_a)
        self._handover(self.sales_a, company_client, self.sales_b)
        with self.assertRaises(ValidationError):
            self._handover(self.sales_a, contact, self.sales_c)

    def test_same_client_twice_and_huge_windows_refused(self):
        """Bad input: a client twice in one handover, or a window of 2e9 hours, a clear error."""
        client = self._clients(1, prefix="Twice")
        self._hold(client, self.sales_a)
        handover = self.env["custody.handover"].create({"employee_id": self.sales_a.id})
        with self.assertRaises(ValidationError) as caught:
            self.env["custody.handover.line"].create(
                [
                    {"handover_id": handover.id, "partner_id": client.id},
                    {"handover_id": handover.id, "partner_id": client.id},
                ]
            )
        self.assertIn("twice", str(caught.exception))
        with self.assertRaises(ValidationError):
            handover.refusal_hours = 2_000_000_000
        with self.assertRaises(ValidationError):
            self.company.custody_refusal_hours = 2_000_000_000
        with self.assertRaises(ValidationError):
            self.company.custody_refusal_hours = -1

    @freeze_time("2026-06-01 09:00:00")
    def test_retained_client_is_listed_as_retained(self):
        """A retained personal client keeps its leaver as keeper: not unassigned."""
        personal = self._clients(1, prefix="Personal", custody_tier="personal")
        self._hold(personal, self.sales_a)
        handover = self.env["custody.handover"]._prepare(
            self.sales_a,
            [{"partner_id": personal.id, "decision": "retain", "retain_reason": "Own network"}],
            {"kind": "departure"},
        )
        handover.action_start()
        record = self._client_record(personal, self.company)
        self.assertEqual(record.state, "retained")
        self.assertEqual(record.retained_by_id, self.sales_a)
        self.assertEqual(record.retain_reason, "Own network")
        self.assertEqual(personal.custody_state, "retained")
        self.assertFalse(
            self.env["res.partner"].search(
                [("id", "=", personal.id), ("custody_state", "=", "unassigned")]
            )
        )

    @freeze_time("2026-06-01 09:00:00")
    def test_window_closing_check_is_not_fooled_by_old_dates(self):
        """A period opened in the future of another time zone still closes (never before start)."""
        client = self._clients(1, prefix="Future")
        with freeze_time(datetime(2026, 6, 1, 9) + timedelta(days=1)):
            self._hold(client, self.sales_a)
        self._hold(client, self.sales_b)
        self.assertEqual(client.custodian_id, self.sales_b)
        history = client.custody_assignment_ids.filtered("date_end")
        self.assertEqual(history.date_end, history.date_start)


@tagged("post_install", "-at_install")
class TestEveryPathSameMove(CustodyCase):
    """The contract: every path moves custody the same way (ledger, custodian, Salesperson,
    followers), because every path calls the one move service."""

    def _result_of(self, client, successor):
        current = client.custody_assignment_ids.filtered(lambda a: not a.date_end)
        return {
            "periods": len(current),
            "custodian": client.custodian_id,
            "record": self.env["custody.client"]
            .search([("partner_id", "=", client.id), ("company_id", "=", self.company.id)])
            .custodian_id,
            "salesperson": client.user_id,
            "follows": successor.user_id.partner_id in client.message_partner_ids,
            "closed": len(client.custody_assignment_ids.filtered("date_end")),
        }

    def _expected(self, successor):
        return {
            "periods": 1,
            "custodian": successor,
            "record": successor,
            "salesperson": successor.user_id,
            "follows": True,
            "closed": 1,
        }

    @freeze_time("2026-06-01 09:00:00")
    def test_every_path(self):
        """Manual edit, import, handover, background batch, unassigned queue, undo: one result."""
        paths = {}
        # Manual edit of the client's Custodian field.
        client = self._clients(1, prefix="Manual")
        self._hold(client, self.sales_a)
        client.with_user(self.manager_user).custodian_id = self.sales_b
        paths["manual"] = self._result_of(client, self.sales_b)
        # Import of a current period (create).
        client = self._clients(1, prefix="Import")
        self._hold(client, self.sales_a)
        client.with_user(self.manager_user).custodian_id = False
        self.env["custody.assignment"].with_user(self.manager_user).with_context(
            import_file=True
        ).create({"partner_id": client.id, "employee_id": self.sales_b.id})
        paths["import"] = self._result_of(client, self.sales_b)
        # Handover (in the request) and background batch (scheduled action).
        for name, threshold in (("handover", 0), ("batch", 1)):
            self.company.custody_background_threshold = threshold
            clients = self._clients(2, prefix=f"Handover {name}", email="h@example.com")
            self._hold(clients, self.sales_a)
            wizard = (
                self.env["custody.handover.wizard"]
                .with_user(self.manager_user)
                .with_context(active_model="res.partner", active_ids=clients.ids)
                .create({"strategy": "single", "successor_id": self.sales_b.id})
            )
            handover = self.env["custody.handover"].browse(wizard.action_confirm()["res_id"])
            handover.refusal_hours = 0
            handover.with_user(self.manager_user).action_start()
            self.env["custody.handover"]._cron_process_batches()
            tell_clients(self.env)
            self.env["custody.handover"]._cron_process_batches()
            self.assertEqual(set(handover.line_ids.mapped("state")), {"accepted"}, name)
            paths[name] = self._result_of(clients[:1], self.sales_b)
        # Undo gives the client back through the same service.
        line = handover.line_ids[:1]
        line.with_user(self.manager_user).action_undo()
        undo = self._result_of(line.partner_id, self.sales_a)
        undo["closed"] -= 1  # a second move: A -> B -> A
        paths["undo"] = undo
        expected = {name: self._expected(self.sales_b) for name in paths}
        expected["undo"] = self._expected(self.sales_a)
        self.assertEqual(paths, expected)
