from odoo import api, fields, models
from odoo.exceptions import UserError


class CustodyOrphanAssignWizard(models.TransientModel):
    """Give the selected rows of the unassigned-clients queue to one colleague, in one step."""

    _name = "custody.orphan.assign.wizard"
    _description = "Assign Unassigned Clients"

    # Row ids of the SQL view (a Many2many cannot point at a view: no table to reference).
    orphan_ref = fields.Char(required=True)
    orphan_count = fields.Integer(compute="_compute_summary", string="Rows")
    summary = fields.Text(compute="_compute_summary")
    successor_id = fields.Many2one(
        "hr.employee",
        string="Assign to",
        required=True,
        domain="[('user_id', '!=', False)]",
        help="Becomes custodian of the clients (and takes over what the other rows point at).",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "custody.orphan":
            values["orphan_ref"] = ",".join(map(str, self.env.context.get("active_ids") or []))
        return values

    def _orphans(self):
        ids = [int(part) for part in (self.orphan_ref or "").split(",") if part.strip()]
        return self.env["custody.orphan"].search([("id", "in", ids)])

    @api.depends("orphan_ref")
    def _compute_summary(self):
        for wizard in self:
            orphans = wizard._orphans()
            labels = dict(orphans._fields["kind"]._description_selection(self.env))
            counts = {}
            for orphan in orphans:
                counts[orphan.kind] = counts.get(orphan.kind, 0) + 1
            wizard.orphan_count = len(orphans)
            wizard.summary = "\n".join(f"{labels[kind]}: {count}" for kind, count in counts.items())

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("client_custody.group_custody_manager"):
            raise UserError(
                self.env._("Only a client custody manager can assign unassigned clients.")
            )
        orphans = self._orphans()
        if not orphans:
            raise UserError(
                self.env._("The selected rows are no longer in the unassigned-clients queue.")
            )
        successor = self.successor_id.sudo()
        reason = successor._custody_ineligibility()
        if reason:
            raise UserError(reason)
        foreign = orphans.filtered(lambda o: o.company_id and o.company_id != successor.company_id)
        if foreign:
            raise UserError(
                self.env._(
                    "%(employee)s works for %(company)s and cannot take over: %(rows)s.",
                    employee=successor.name,
                    company=successor.company_id.name,
                    rows=", ".join(foreign[:10].mapped("display_name")),
                )
            )
        self._assign_rows(orphans, successor)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Assigned"),
                "message": self.env._(
                    "%(employee)s takes over the selected item.", employee=successor.name
                )
                if len(orphans) == 1
                else self.env._(
                    "%(employee)s takes over the %(count)s selected items.",
                    count=len(orphans),
                    employee=successor.name,
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _assign_rows(self, orphans, successor):
        """What assigning the rows does, after the checks every row shares (a manager, an
        eligible colleague of the rows' company). A hook: each addon that adds rows takes them
        over here. The core's: the clients' custody moves to ``successor`` through the move
        service; a client retained by a leaver is never moved by the queue (only a manager's
        explicit ending of the retention does)."""
        Orphan = self.env["custody.orphan"]
        rows = orphans.filtered(lambda o: o.kind in Orphan._orphan_client_kinds())
        partners = rows.partner_id.commercial_partner_id
        if not partners:
            return
        retained = (
            self.env["custody.client"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", successor.company_id.id),
                    ("state", "=", "retained"),
                ]
            )
        )
        partners -= retained.partner_id
        if partners:
            self.env["custody.assignment"].sudo()._move(
                partners, successor, note=self.env._("Assigned from the unassigned-clients queue")
            )
