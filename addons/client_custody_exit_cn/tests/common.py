from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, TransactionCase, new_test_user


class ExitCase(TransactionCase):
    """A sales team: a custody manager who manages the leaver, three salespeople, HR officer
    and HR manager. The leaver holds three core clients and one personal client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "custody_handover_approval": False,
                "custody_departure_strategy": "manager",
                "exit_local_average_wage": 10000.0,
                "exit_local_minimum_wage": 2500.0,
            }
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="exit_custody_manager",
            groups="base.group_user,base.group_partner_manager,"
            "client_custody.group_custody_manager",
        )
        cls.manager = cls.env["hr.employee"].create(
            {"name": "Sales Manager", "user_id": cls.manager_user.id}
        )
        cls.sales_users = cls.env["res.users"]
        cls.salespeople = cls.env["hr.employee"]
        for index in range(3):
            user = new_test_user(
                cls.env,
                login=f"exit_sales_{index}",
                name=f"Seller {index}",
                groups="base.group_user,client_custody.group_custody_user",
            )
            cls.sales_users |= user
            cls.salespeople |= cls.env["hr.employee"].create(
                {"name": f"Seller {index}", "user_id": user.id, "parent_id": cls.manager.id}
            )
        cls.leaver, cls.successor, cls.colleague = cls.salespeople
        cls.leaver_user = cls.sales_users[0]
        cls.hr_officer = new_test_user(
            cls.env, login="exit_hr_officer", groups="base.group_user,hr.group_hr_user"
        )
        cls.hr_manager = new_test_user(
            cls.env, login="exit_hr_manager", groups="base.group_user,hr.group_hr_manager"
        )
        cls.reason = cls.env["hr.departure.reason"].search([], limit=1)
        cls.core_clients = cls._clients(3, prefix="Core")
        cls.personal_client = cls._clients(
            1,
            prefix="Personal",
            custody_tier="personal",
            custody_tier_basis="Brought in when hired",
        )
        with freeze_time("2025-12-01"):
            cls.env["custody.assignment"]._move(
                cls.core_clients | cls.personal_client, cls.leaver, origin="assigned"
            )
        cls.leaver.version_id.sudo().write(
            {
                "date_version": date(2020, 1, 1),
                "contract_date_start": date(2020, 1, 1),
                "job_title": "Account Manager",
            }
        )
        cls.Exit = cls.env["hr.exit"]

    @classmethod
    def _clients(cls, count, prefix="Client", **vals):
        return cls.env["res.partner"].create(
            [{"name": f"{prefix} {number}", "is_company": True, **vals} for number in range(count)]
        )

    def _notice(self, employee=None, user=None, **values):
        """HR records a notice through the exit form and opens the exit."""
        form = Form(self.Exit.with_user(user or self.hr_officer))
        form.employee_id = employee or self.leaver
        form.termination_kind = values.pop("termination_kind", "resignation")
        form.notice_date = values.pop("notice_date", date(2026, 3, 2))
        for name, value in values.items():
            setattr(form, name, value)
        record = form.save()
        record.action_open()
        return record

    def _departure_form(self, employees, user=None, **values):
        """The departure wizard as the employee form's Archive button opens it."""
        form = Form(
            self.env["hr.departure.wizard"]
            .with_user(user or self.hr_manager)
            .with_context(active_ids=employees.ids, employee_termination=True)
        )
        form.departure_reason_id = self.reason
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def _register_departure(self, employees, user=None, **values):
        return self._departure_form(employees, user, **values).save().action_register_departure()

    def _messages(self, record):
        return "\n".join(record.sudo().message_ids.mapped("body"))
