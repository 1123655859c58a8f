from odoo import api, models

# The consent under which an alumnus is approached with a return (alumni_network's purposes).
TALENT_POOL_PURPOSE = "job_offers"


class AlumniMember(models.Model):
    _inherit = "alumni.member"

    @api.model_create_multi
    def create(self, vals_list):
        """A member registered after the exit interview was answered (at departure)."""
        members = super().create(vals_list)
        members._feed_talent_pool()
        return members

    def _feed_talent_pool(self):
        """Members who answered "yes" to "would you come back" in their exit interview, and who
        consent to job offers, are open to return: the talent pool.

        The exit interview is HR's; only this one answer crosses to the alumni officers, and
        only with the alumnus' consent (PIPL art. 14: a new purpose needs it). A "no" or
        "maybe" changes nothing: the officers' own record of the alumnus' wishes stays.
        """
        members = self.filtered(lambda m: m.employee_id and not m.open_to_return)
        members = members._with_consent(TALENT_POOL_PURPOSE)
        if not members:
            return
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search(
                [
                    ("user_input_id.exit_id.employee_id", "in", members.employee_id.ids),
                    ("user_input_id.state", "=", "done"),
                    ("question_id.exit_role", "=", "would_return"),
                ],
                order="user_input_id desc",
            )
        )
        # The latest answered interview of each employee says it.
        says_yes = {}
        for line in lines:
            employee = line.user_input_id.exit_id.employee_id
            says_yes.setdefault(employee, line.suggested_answer_id.exit_positive)
        returning = members.filtered(lambda m: says_yes.get(m.employee_id))
        if not returning:
            return
        returning.sudo().write({"open_to_return": True})
        for member in returning:
            member.sudo().message_post(
                body=self.env._(
                    "Open to return: said so in the exit interview, and consents to job offers."
                )
            )
