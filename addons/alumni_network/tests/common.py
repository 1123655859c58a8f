from datetime import date

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

TODAY = date(2026, 3, 2)


class AlumniCommon(TransactionCase):
    """Users with the least rights for each job, and a few alumni to work on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company.write({"alumni_contact_cadence_days": 90, "alumni_retention_years": 5})
        cls.officer = new_test_user(
            cls.env,
            login="alumni_officer_test",
            groups="alumni_network.group_alumni_officer",
            name="Olivia Officer",
            email="officer@example.com",
        )
        cls.manager = new_test_user(
            cls.env,
            login="alumni_manager_test",
            groups="alumni_network.group_alumni_manager",
            name="Manny Manager",
            email="manager@example.com",
        )
        cls.hr_user = new_test_user(
            cls.env, login="alumni_hr_test", groups="hr.group_hr_user", name="Hana HR"
        )
        cls.hr_manager = new_test_user(
            cls.env, login="alumni_hrm_test", groups="hr.group_hr_manager", name="Hugo HR Manager"
        )
        cls.employee_user = new_test_user(
            cls.env, login="alumni_plain_test", groups="base.group_user", name="Paul Plain"
        )
        cls.company.alumni_officer_id = cls.officer
        cls.department = cls.env["hr.department"].create({"name": "R&D Alumni Test"})
        cls.reason = cls.env["hr.departure.reason"].search([], limit=1)
        cls.training = cls.env.ref("alumni_network.alumni_benefit_type_training")
        cls.tag_python = cls.env["alumni.tag"].create({"name": "Python (test)"})
        Member = cls.env["alumni.member"].with_user(cls.officer)
        cls.member = Member.create(
            {
                "name": "Li Wei",
                "email": "li.wei@example.com",
                "departure_date": date(2026, 1, 15),
                "rehire_eligibility": "eligible",
                "open_to_return": True,
                "job_title": "Senior Developer",
                "department_id": cls.department.id,
                "tag_ids": [(6, 0, cls.tag_python.ids)],
            }
        ).with_user(cls.env.user)
        cls.member_no_consent = Member.create(
            {
                "name": "Zhang Min",
                "email": "zhang.min@example.com",
                "departure_date": date(2026, 2, 1),
                "rehire_eligibility": "conditional",
            }
        ).with_user(cls.env.user)
        cls.member_not_eligible = Member.create(
            {
                "name": "Wang Fang",
                "email": "wang.fang@example.com",
                "departure_date": date(2025, 6, 1),
                "rehire_eligibility": "not_eligible",
                "rehire_eligibility_reason": "Breach of confidentiality",
                "open_to_return": True,
            }
        ).with_user(cls.env.user)
        cls._consent(cls.member, ("contact", "greetings"), date(2026, 1, 15), channel="email")
        cls._consent(cls.member_not_eligible, ("contact", "greetings"), date(2025, 6, 1))

    @classmethod
    def _consent(cls, member, purposes, when, channel="paper", user=None):
        """Record the member's consent to ``purposes`` as an officer would, with its evidence."""
        return (
            cls.env["alumni.consent"]
            .with_user(user or cls.officer)
            .create(
                [
                    {
                        "member_id": member.id,
                        "purpose": purpose,
                        "channel": channel,
                        "date": when,
                        "evidence": f"Signed exit consent form of {member.name}",
                    }
                    for purpose in purposes
                ]
            )
            .with_user(cls.env.user)
        )

    @classmethod
    def _create_employee(cls, name, **vals):
        return cls.env["hr.employee"].create(
            {
                "name": name,
                "department_id": cls.department.id,
                "job_title": "Sales Engineer",
                "private_email": f"{name.lower().replace(' ', '.')}@private.example.com",
                "private_phone": "+86 138 0000 0000",
                **vals,
            }
        )
