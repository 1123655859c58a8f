from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ORIGINS = [
    ("assigned", "Assigned by the company"),
    ("developed", "Developed at work"),
    ("brought", "Brought in when hired"),
    ("handover", "Handover"),
    ("transfer", "On-the-job transfer"),
    ("import", "Import"),
]
# Fields that define *which* custody period a row is; changing them would rewrite history.
IDENTITY_FIELDS = ("partner_id", "employee_id", "company_id")


class CustodyAssignment(models.Model):
    """One period during which an employee holds a client on the company's behalf.

    The row with no end date is the current custody. History rows (closed) are never rewritten:
    a change of custodian closes the current row and opens a new one.
    """

    _name = "custody.assignment"
    _description = "Client Custody Assignment"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _rec_names_search = ["partner_id", "employee_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The client: a company or an individual. Contacts of a company follow their "
        "commercial entity.",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Custodian",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", string="User", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Date(
        string="Since", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(
        string="Until", tracking=True, help="Empty while the employee holds the client."
    )
    origin = fields.Selection(
        ORIGINS,
        required=True,
        default="assigned",
        tracking=True,
        help="How the employee came to hold the client.",
    )
    note = fields.Text()
    partner_tier = fields.Selection(
        related="partner_id.custody_tier", string="Tier", store=True, readonly=True
    )
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )

    _current_unique = models.UniqueIndex(
        "(partner_id, company_id) WHERE date_end IS NULL",
        lambda env, diag=None: env._(
            "A client can have only one current custodian per company. Close the current "
            "custody (or change the custodian on the client) before opening another one."
        ),
    )
    _dates_ordered = models.Constraint(
        "CHECK (date_end IS NULL OR date_end >= date_start)",
        lambda env, diag=None: env._("A custody period cannot end before it starts."),
    )

    @api.depends("date_end")
    def _compute_is_current(self):
        for assignment in self:
            assignment.is_current = not assignment.date_end

    def _search_is_current(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        current = True in value
        if operator == "not in":
            current = not current
        return [("date_end", "=" if current else "!=", False)]

    @api.depends("partner_id", "employee_id")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = self.env._(
                "%(client)s held by %(custodian)s",
                client=assignment.partner_id.display_name or "",
                custodian=assignment.employee_id.name or "",
            )

    @api.constrains("employee_id", "company_id", "date_end")
    def _check_custodian(self):
        for assignment in self.filtered(lambda a: not a.date_end):
            self._check_can_hold(
                assignment.employee_id, assignment.company_id, assignment.partner_id
            )

    @api.model
    def _check_can_hold(self, employee, company, client):
        """An archived employee, or one of another company, cannot hold a client."""
        employee = employee.sudo()
        if not employee.active:
            raise ValidationError(
                self.env._(
                    "%(employee)s is archived and cannot hold %(client)s.",
                    employee=employee.name,
                    client=client.display_name,
                )
            )
        if employee.company_id != company:
            raise ValidationError(
                self.env._(
                    "%(employee)s works for %(employee_company)s and cannot hold a client "
                    "for %(company)s.",
                    employee=employee.name,
                    employee_company=employee.company_id.name,
                    company=company.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("import_file"):
            for vals in vals_list:
                vals.setdefault("origin", "import")
        self._normalize_partners(vals_list)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._check_dates(vals.get("date_start") or today, vals.get("date_end"), vals)
        self._check_no_second_current(vals_list)
        assignments = super().create(vals_list)
        assignments.filtered(lambda a: not a.date_end)._sync_salesperson()
        return assignments

    def write(self, vals):
        if not self.env.su:
            closed = self.filtered("date_end")
            if closed:
                raise UserError(
                    self.env._(
                        "Closed custody periods are history and cannot be changed (%(clients)s).",
                        clients=", ".join(closed.partner_id.mapped("display_name")),
                    )
                )
            if any(fname in vals for fname in IDENTITY_FIELDS):
                raise UserError(
                    self.env._(
                        "The client, custodian and company of a custody period cannot be "
                        "changed. Set a new custodian on the client instead: the current "
                        "period is closed and a new one opened."
                    )
                )
        if vals.get("date_end") is False:
            raise UserError(self.env._("A closed custody period cannot be reopened."))
        if "date_start" in vals or vals.get("date_end"):
            for assignment in self:
                self._check_dates(
                    vals.get("date_start", assignment.date_start),
                    vals.get("date_end", assignment.date_end),
                    {"partner_id": assignment.partner_id.id},
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if not self.env.su and self.filtered("date_end"):
            raise UserError(self.env._("Closed custody periods are history and cannot be deleted."))

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _assign(self, partners, employee, origin="assigned", note=False, date=False):
        """Make ``employee`` the current custodian of ``partners`` (their commercial entities).

        Closes the current custody of each client in the employee's company and opens a new
        one, in two batched statements whatever the number of clients. Clients already held by
        the employee are left alone. Returns the new assignments.
        """
        date = date or fields.Date.context_today(self)
        partners = partners.commercial_partner_id
        company = employee.company_id
        current = self.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("date_end", "=", False),
            ]
        )
        unchanged = current.filtered(lambda a: a.employee_id == employee)
        to_close = current - unchanged
        if to_close:
            to_close.write({"date_end": date})
        return self.create(
            [
                {
                    "partner_id": partner.id,
                    "employee_id": employee.id,
                    "company_id": company.id,
                    "date_start": date,
                    "origin": origin,
                    "note": note,
                }
                for partner in partners - unchanged.partner_id
            ]
        )

    @api.model
    def _assign_bulk(self, partner_ids, employee, origin, note=False):
        """``_assign`` for a handover's batch, in statements rather than records.

        ``partner_ids`` are commercial partners. Their current periods in the employee's
        company are closed in one UPDATE (dates checked first) and the new ones inserted in
        one INSERT; the clients' custodian and Salesperson are then set in one UPDATE each,
        exactly as ``res.partner._compute_custodian_id`` and ``_sync_salesperson`` would set
        them, and the ORM is told (``modified``) so that whatever depends on these fields
        follows. Checked once for all: the employee may hold clients of their company. No
        chatter entry and no follower per period: the handover logs the move.
        Returns {partner id: new period id}.
        """
        if not partner_ids:
            return {}
        employee = employee.sudo()
        company = employee.company_id
        Partner = self.env["res.partner"].sudo()
        self._check_can_hold(employee, company, Partner.browse(partner_ids[0]))
        self.check_access("create")
        self.flush_model()
        Partner.flush_model()
        cr = self.env.cr
        date = fields.Date.context_today(self)
        now = cr.now()
        cr.execute(
            SQL(
                """SELECT id, partner_id, employee_id, date_start FROM custody_assignment
                    WHERE partner_id = ANY(%s) AND company_id = %s AND date_end IS NULL""",
                partner_ids,
                company.id,
            )
        )
        unchanged, to_close = set(), []
        for period_id, partner_id, holder_id, date_start in cr.fetchall():
            if holder_id == employee.id:
                unchanged.add(partner_id)
            else:
                self._check_dates(date_start, date, {"partner_id": partner_id})
                to_close.append(period_id)
        if to_close:
            cr.execute(
                SQL(
                    """UPDATE custody_assignment
                          SET date_end = %(date)s, write_uid = %(uid)s, write_date = %(now)s
                        WHERE id = ANY(%(ids)s)""",
                    date=date,
                    uid=self.env.uid,
                    now=now,
                    ids=to_close,
                )
            )
            closed = self.browse(to_close)
            closed.invalidate_recordset(["date_end", "write_uid", "write_date"])
            closed.modified(["date_end"])
        new_periods = {}
        to_open = [partner_id for partner_id in partner_ids if partner_id not in unchanged]
        if to_open:
            cr.execute(
                SQL(
                    """INSERT INTO custody_assignment (
                           partner_id, employee_id, user_id, company_id, date_start, origin,
                           note, partner_tier, create_uid, create_date, write_uid, write_date)
                       SELECT p.id, %(employee)s, %(user)s, %(company)s, %(date)s, %(origin)s,
                              %(note)s, p.custody_tier, %(uid)s, %(now)s, %(uid)s, %(now)s
                         FROM res_partner p
                        WHERE p.id = ANY(%(partners)s)
                    RETURNING partner_id, id""",
                    employee=employee.id,
                    user=employee.user_id.id or None,
                    company=company.id,
                    date=date,
                    origin=origin,
                    note=note or None,
                    uid=self.env.uid,
                    now=now,
                    partners=to_open,
                )
            )
            new_periods = dict(cr.fetchall())
            self.browse(new_periods.values()).modified(
                ["partner_id", "employee_id", "company_id", "date_start", "date_end"], create=True
            )
        self._set_clients_custodian(partner_ids, employee)
        return new_periods

    @api.model
    def _set_clients_custodian(self, partner_ids, employee):
        """The clients' (and their contacts') custodian and Salesperson after a bulk move.

        Custodian and start date come from the latest current period, as their compute does;
        the Salesperson becomes the custodian's user on the clients and their contacts when
        the company syncs it, as ``_sync_salesperson`` does. One UPDATE each.
        """
        cr = self.env.cr
        Partner = self.env["res.partner"].sudo()
        now = cr.now()
        cr.execute(
            SQL(
                """UPDATE res_partner p
                      SET custodian_id = cur.employee_id, custody_since = cur.date_start,
                          write_uid = %(uid)s, write_date = %(now)s
                     FROM (SELECT DISTINCT ON (partner_id) partner_id, employee_id, date_start
                             FROM custody_assignment
                            WHERE partner_id = ANY(%(partners)s) AND date_end IS NULL
                            ORDER BY partner_id, date_start DESC, id DESC) cur
                    WHERE p.commercial_partner_id = cur.partner_id
                RETURNING p.id""",
                uid=self.env.uid,
                now=now,
                partners=partner_ids,
            )
        )
        contacts = Partner.browse(row[0] for row in cr.fetchall())
        for fname in ("custodian_id", "custody_since"):
            self.env.remove_to_compute(Partner._fields[fname], contacts)
        contacts.invalidate_recordset(["custodian_id", "custody_since", "write_uid", "write_date"])
        contacts.modified(["custodian_id", "custody_since"])
        user = employee.user_id
        if not user or not employee.company_id.custody_sync_salesperson:
            return
        cr.execute(
            SQL(
                """UPDATE res_partner SET user_id = %(user)s, write_uid = %(uid)s,
                          write_date = %(now)s
                    WHERE (id = ANY(%(partners)s) OR (parent_id = ANY(%(partners)s) AND active))
                      AND user_id IS DISTINCT FROM %(user)s
                RETURNING id""",
                user=user.id,
                uid=self.env.uid,
                now=now,
                partners=partner_ids,
            )
        )
        followers = Partner.browse(row[0] for row in cr.fetchall())
        followers.invalidate_recordset(["user_id", "write_uid", "write_date"])
        followers.modified(["user_id"])

    @api.model
    def _current_client_ids(self, employees):
        """Ids of the clients ``employees`` hold now, by name: one query, no record loaded."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT a.partner_id FROM custody_assignment a
                     JOIN res_partner p ON p.id = a.partner_id
                    WHERE a.employee_id = ANY(%s) AND a.date_end IS NULL
                    GROUP BY a.partner_id, p.complete_name
                    ORDER BY p.complete_name, a.partner_id""",
                employees.ids,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _release(self, partners, date=False):
        """End the current custody of ``partners`` in every company (nobody holds them now)."""
        current = self.search(
            [("partner_id", "in", partners.commercial_partner_id.ids), ("date_end", "=", False)]
        )
        current.write({"date_end": date or fields.Date.context_today(self)})
        return current

    def _sync_salesperson(self):
        """The client's Salesperson follows its custodian's user: one write per user."""
        by_user = defaultdict(list)
        for assignment in self:
            user = assignment.employee_id.user_id
            if user and assignment.company_id.custody_sync_salesperson:
                by_user[user].append(assignment.partner_id.id)
        for user, partner_ids in by_user.items():
            partners = self.env["res.partner"].browse(partner_ids)
            targets = (partners | partners.child_ids).filtered(lambda p, u=user: p.user_id != u)
            if targets:
                # The successor is told once by the handover, not by one mail per client.
                targets.with_context(
                    custody_skip_salesperson_sync=True, mail_auto_subscribe_no_notify=True
                ).write({"user_id": user.id})

    @api.model
    def _check_dates(self, date_start, date_end, vals):
        """Checked before the row reaches the database, whose CHECK would give a raw error."""
        date_start, date_end = fields.Date.to_date(date_start), fields.Date.to_date(date_end)
        if date_end and date_start and date_end < date_start:
            raise ValidationError(
                self.env._(
                    "The custody of %(client)s cannot end (%(end)s) before it starts (%(start)s).",
                    client=self.env["res.partner"].browse(vals.get("partner_id")).display_name,
                    end=date_end,
                    start=date_start,
                )
            )

    @api.model
    def _normalize_partners(self, vals_list):
        """Custody is held on the commercial entity, never on one of its contacts."""
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        partners = self.env["res.partner"].browse(partner_ids)
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = commercial[vals["partner_id"]]

    @api.model
    def _check_no_second_current(self, vals_list):
        """Refuse, with a readable message, what the partial unique index would refuse."""
        default_company = self.env.company.id
        keys = [
            (vals.get("partner_id"), vals.get("company_id") or default_company)
            for vals in vals_list
            if not vals.get("date_end") and vals.get("partner_id")
        ]
        if not keys:
            return
        duplicates = {key for key, count in Counter(keys).items() if count > 1}
        existing = self.sudo().search(
            [
                ("partner_id", "in", list({key[0] for key in keys})),
                ("date_end", "=", False),
            ]
        )
        duplicates |= {(a.partner_id.id, a.company_id.id) for a in existing} & set(keys)
        if duplicates:
            names = self.env["res.partner"].browse({key[0] for key in duplicates})
            raise ValidationError(
                self.env._(
                    "These clients already have a current custodian: %(clients)s. Change the "
                    "custodian on the client instead, or close the current custody first.",
                    clients=", ".join(sorted(names.mapped("display_name"))),
                )
            )

    @api.model
    def _populate_demo(self, clients_per_salesperson=60):
        """Demo data: a few hundred clients of both tiers spread over the demo sales team."""
        salespeople = self.env["hr.employee"].search(
            [("department_id", "=", self.env.ref("client_custody.hr_department_sales_demo").id)],
            order="id",
        )
        countries = self.env["res.country"].search([("code", "in", ["CN", "US", "DE", "SG"])])
        partner_vals = []
        for index, employee in enumerate(salespeople):
            for number in range(clients_per_salesperson):
                personal = number % 4 == 0
                partner_vals.append(
                    {
                        "name": f"{employee.name.split()[0]} Client {number + 1:03d}",
                        "is_company": True,
                        "country_id": countries[(index + number) % len(countries)].id,
                        "custody_tier": "personal" if personal else "core",
                        "custody_tier_basis": (
                            "Brought in by the salesperson from a previous employer."
                            if personal
                            else "Lead from the company's trade-fair budget."
                        ),
                        "custody_confidentiality_measures": (
                            False if personal else "NDA; CRM access restricted to sales team."
                        ),
                    }
                )
        partners = self.env["res.partner"].create(partner_vals)
        per_employee = len(partners) // max(len(salespeople), 1)
        vals_list = []
        for index, employee in enumerate(salespeople):
            for partner in partners[index * per_employee : (index + 1) * per_employee]:
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "employee_id": employee.id,
                        "company_id": employee.company_id.id,
                        "origin": "brought" if partner.custody_tier == "personal" else "assigned",
                    }
                )
        return self.create(vals_list)
