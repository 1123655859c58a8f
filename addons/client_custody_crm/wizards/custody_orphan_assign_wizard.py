from odoo import fields, models

from odoo.addons.client_custody_handover.models.custody_handover_line import BULK_CONTEXT


class CustodyOrphanAssignWizard(models.TransientModel):
    _inherit = "custody.orphan.assign.wizard"

    successor_id = fields.Many2one(
        help="Becomes custodian and Salesperson of the clients, owner of the opportunities, "
        "and takes the departed person's place in the sales teams."
    )

    def _assign_rows(self, orphans, successor):
        """Opportunities get the colleague as owner; in the sales teams the colleague takes the
        departed person's place (membership, leadership)."""
        res = super()._assign_rows(orphans, successor)
        user = successor.user_id
        env = self.env(context=dict(self.env.context, **BULK_CONTEXT), su=True)
        orphans.lead_id.with_env(env).write({"user_id": user.id})
        memberships = orphans.team_member_id.with_env(env)
        for team in memberships.crm_team_id:
            if user not in team.member_ids:
                team.write({"member_ids": [fields.Command.link(user.id)]})
        memberships.write({"active": False})
        leaders = orphans.filtered(lambda o: o.kind == "team_leader").team_id
        leaders.with_env(env).write({"user_id": user.id})
        return res
