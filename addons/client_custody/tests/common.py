from odoo.tests import TransactionCase, new_test_user


class CustodyCase(TransactionCase):
    """A small sales organisation: a custody manager, three salespeople, a plain employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.manager_user = new_test_user(
            cls.env,
            login="custody_manager",
            groups="base.group_user,base.group_partner_manager,client_custody.group_custody_manager",
            company_ids=[(6, 0, (cls.company | cls.other_company).ids)],
            company_id=cls.company.id,
        )
        cls.sales_users = cls.env["res.users"]
        cls.salespeople = cls.env["hr.employee"]
        for index in range(3):
            user = new_test_user(
                cls.env,
                login=f"sales_{index}",
                name=f"Salesperson {index}",
                groups="base.group_user,client_custody.group_custody_user",
            )
            cls.sales_users |= user
            cls.salespeople |= cls.env["hr.employee"].create(
                {"name": f"Salesperson {index}", "user_id": user.id, "company_id": cls.company.id}
            )
        cls.sales_a, cls.sales_b, cls.sales_c = cls.salespeople
        cls.user_a, cls.user_b, cls.user_c = cls.sales_users
        cls.plain_user = new_test_user(cls.env, login="plain_user", groups="base.group_user")
        cls.hr_officer = new_test_user(
            cls.env, login="hr_officer", groups="base.group_user,hr.group_hr_user"
        )
        cls.other_user = new_test_user(
            cls.env,
            login="other_seller",
            name="Other Company Seller",
            groups="base.group_user,client_custody.group_custody_user",
            company_ids=[(6, 0, cls.other_company.ids)],
            company_id=cls.other_company.id,
        )
        cls.other_employee = cls.env["hr.employee"].create(
            {
                "name": "Other Company Seller",
                "company_id": cls.other_company.id,
                "user_id": cls.other_user.id,
            }
        )
        cls.Assignment = cls.env["custody.assignment"]

    @classmethod
    def _clients(cls, count, prefix="Client", **vals):
        """Client companies; a tier given comes with the evidence a decided tier needs."""
        if "custody_tier" in vals:
            vals.setdefault("custody_tier_basis", "Evidence on file")
            if vals["custody_tier"] == "core":
                vals.setdefault("custody_confidentiality_measures", "NDA")
        return cls.env["res.partner"].create(
            [{"name": f"{prefix} {number}", "is_company": True, **vals} for number in range(count)]
        )

    @classmethod
    def _hold(cls, partners, employee, origin="assigned"):
        return cls.Assignment.browse(
            cls.Assignment._move(partners, employee, origin=origin).values()
        )
