import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .custody_client import TIERS
from .res_partner import PROXIED

CUSTODY_USER = "client_custody.group_custody_user"
CUSTODY_MANAGER = "client_custody.group_custody_manager"
# The earliest date a custody period may carry (history imported from older systems).
EARLIEST_CUSTODY_DATE = datetime.date(1950, 1, 1)
ORIGINS = [
    ("assigned", "Assigned by the company"),
    ("developed", "Developed at work"),
    ("brought", "Brought in when hired"),
    ("handover", "Handover"),
    ("transfer", "On-the-job transfer"),
    ("import", "Import"),
]


class CustodyAssignment(models.Model):
    """One period during which an employee holds a client on the company's behalf.

    The row with no end date is the current custody. History rows (closed) are never rewritten:
    a change of custodian closes the current row and opens a new one, through the move service
    (``_move``, ``_retain``, ``_unassign``) and nowhere else.
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
    client_id = fields.Many2one(
        "custody.client", string="Custody record", readonly=True, index=True, ondelete="restrict"
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Custodian",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        context={"active_test": False},
    )
    user_id = fields.Many2one("res.users", readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Date(
        string="Since",
        required=True,
        tracking=True,
        default=lambda self: self._company_today(self.env.company),
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
        TIERS, string="Tier", readonly=True, help="The client's tier while this period runs."
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

    @api.model_create_multi
    def create(self, vals_list):
        """Current periods (a form, an import) go through the move service; closed ones are
        history brought in as it was (an import of the past), checked against each other."""
        origin_default = "import" if self.env.context.get("import_file") else "assigned"
        current = [vals for vals in vals_list if not vals.get("date_end")]
        history = [vals for vals in vals_list if vals.get("date_end")]
        for vals in vals_list:
            vals.setdefault("origin", origin_default)
            if not vals.get("partner_id") or not vals.get("employee_id"):
                raise ValidationError(
                    self.env._("A custody period needs a client and a custodian.")
                )
        records = self.browse()
        if history:
            if not self.env.su and not self.env.user.has_group(CUSTODY_MANAGER):
                raise UserError(
                    self.env._("Only client custody managers can import custody history.")
                )
            self._normalize_partners(history)
            for vals in history:
                vals.setdefault("date_start", vals["date_end"])
                self._check_dates(vals["date_start"], vals["date_end"], vals)
            records |= super().create(history)
            records._link_clients()
        groups = defaultdict(list)
        for vals in current:
            if vals.get("company_id"):
                self._check_can_hold(
                    self.env["hr.employee"].browse(vals["employee_id"]),
                    self.env["res.company"].browse(vals["company_id"]),
                )
            key = (vals["employee_id"], vals["origin"], vals.get("note") or False)
            groups[key, vals.get("date_start") or False].append(vals["partner_id"])
        for ((employee_id, origin, note), date), partner_ids in groups.items():
            self._check_no_second_current(partner_ids, employee_id)
            employee = self.env["hr.employee"].browse(employee_id)
            self._check_manual_move(self._commercial_ids(partner_ids), employee.sudo().company_id)
            new = self._move(partner_ids, employee, origin=origin, note=note, date=date)
            records |= self.browse(new.values())
        return records

    def _link_clients(self):
        """History rows point at the company's custody record of their client."""
        for (partner, company), rows in self.grouped(
            lambda a: (a.partner_id, a.company_id)
        ).items():
            client = self.env["custody.client"]._ensure(partner.ids, company)
            rows.sudo().write({"client_id": client.id, "partner_tier": client.tier})

    def write(self, vals):
        if not self.env.su and self.filtered("date_end"):
            raise UserError(
                self.env._(
                    "Closed custody periods are history and cannot be changed (%(clients)s).",
                    clients=", ".join(self.filtered("date_end").partner_id.mapped("display_name")),
                )
            )
        if not self.env.su and set(vals) - {"note"}:
            raise UserError(
                self.env._(
                    "The client, custodian, company and dates of a custody period cannot be "
                    "changed, only its note. Set a new custodian on the client, or hand the "
                    "client over: the current period is closed and a new one opened."
                )
            )
        if vals.get("date_end") is False and self.filtered("date_end"):
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
        if self.filtered(lambda a: not a.date_end):
            raise UserError(
                self.env._(
                    "A current custody period cannot be deleted: change the client's custodian "
                    "instead."
                )
            )
        if not self.env.su:
            raise UserError(self.env._("Closed custody periods are history and cannot be deleted."))

    # ------------------------------------------------------------------
    # The move service: the one way custody changes
    # ------------------------------------------------------------------
    @api.model
    def _move(self, partners, employee, origin="assigned", note=False, date=None, company=None):
        """Make ``employee`` the current custodian of ``partners`` in the employee's company.

        The one implementation every path calls (the client's Custodian field, import,
        handover, undo, unassigned-clients queue, automation), set-based whatever the number
        of clients: the current periods of the clients *in that company* are closed and the
        new ones opened (other companies' custody is left alone), the company's custody record
        of each client says who holds it and since when, the Salesperson rule is applied once
        (``_apply_salesperson_rule``) and the custodian follows the clients. Clients already
        held by the employee are left as they are.

        ``partners``: records or ids; custody is held on their commercial entities.
        ``date``: when the custody starts (an import of the current ledger); today in the
        company's calendar by default. ``company``: the company whose custody changes (the
        employee's by default); the employee must work for it, and a client that belongs to
        one company is held in that company only. Returns {commercial partner id: new period
        id}.
        """
        employee = employee.sudo()
        company = company or employee.company_id
        self._check_can_hold(employee, company)
        partner_ids = self._commercial_ids(partners, company=company)
        if not partner_ids:
            return {}
        self.check_access("create")
        if date:
            date = fields.Date.to_date(date)
            self._check_period_bounds([date], company)
        date = date or self._company_today(company)
        current = self._lock_current(partner_ids, company)
        unchanged = {
            pid for pid, (_period, holder, _start) in current.items() if holder == employee.id
        }
        self._close_periods(
            {pid: row for pid, row in current.items() if pid not in unchanged}, date
        )
        to_open = [pid for pid in partner_ids if pid not in unchanged]
        new_periods = self._open_periods(to_open, employee, company, date, origin, note)
        self._set_client_state(to_open, company, employee=employee, date=date)
        self._apply_salesperson_rule(to_open, employee, company)
        if employee.user_id:
            self._follow_clients(to_open, employee.user_id.partner_id)
        self._notify_orm()
        return new_periods

    @api.model
    def _retain(self, partners, company, keeper, reason):
        """A leaver keeps these personal-accumulation clients: their custody in ``company``
        ends, and the company's record says who kept them and why (never an unassigned client)."""
        self._end_custody(partners, company, keeper=keeper, reason=reason)

    @api.model
    def _unassign(self, partners, company):
        """Nobody holds these clients in ``company`` any more: they go to the unassigned queue."""
        self._end_custody(partners, company)

    @api.model
    def _end_custody(self, partners, company, keeper=None, reason=None):
        partner_ids = self._commercial_ids(partners, company=company)
        if not partner_ids:
            return
        date = self._company_today(company)
        self._close_periods(self._lock_current(partner_ids, company), date)
        self._set_client_state(partner_ids, company, keeper=keeper, reason=reason, date=date)
        self._notify_orm()

    @api.model
    def _current_holders(self, partner_ids, company):
        """The one reader of "who holds these clients in this company".

        Returns {partner id: employee id}."""
        if not partner_ids:
            return {}
        self.env["custody.client"].flush_model(["custodian_id", "partner_id", "company_id"])
        self.env.cr.execute(
            SQL(
                """SELECT partner_id, custodian_id FROM custody_client
                    WHERE partner_id = ANY(%s) AND company_id = %s AND custodian_id IS NOT NULL""",
                list(partner_ids),
                company.id,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _current_client_ids(self, employees):
        """Ids of the clients ``employees`` hold now, by name: one query, no record loaded."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT c.partner_id FROM custody_client c
                     JOIN res_partner p ON p.id = c.partner_id
                    WHERE c.custodian_id = ANY(%s)
                    GROUP BY c.partner_id, p.complete_name
                    ORDER BY p.complete_name, c.partner_id""",
                employees.ids,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------
    # The move service's steps (private: call the service, not these)
    # ------------------------------------------------------------------
    @api.model
    def _company_today(self, company):
        """Custody periods are dated in the company's calendar, not the user's time zone: a
        period opened from UTC+14 can be closed from UTC-11 the same day."""
        tz = company.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _commercial_ids(self, partners, company=None):
        """The commercial entities of ``partners`` (records or ids). With ``company``: a
        client that belongs to another company is refused (its custody is that company's)."""
        if isinstance(partners, models.BaseModel):
            partners = partners.ids
        partner_ids = list(dict.fromkeys(partners))
        if not partner_ids:
            return []
        self.env["res.partner"].flush_model(["commercial_partner_id", "company_id"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (p.commercial_partner_id) p.commercial_partner_id,
                          c.company_id
                     FROM res_partner p JOIN res_partner c ON c.id = p.commercial_partner_id
                    WHERE p.id = ANY(%s)""",
                partner_ids,
            )
        )
        rows = self.env.cr.fetchall()
        foreign = [pid for pid, owner in rows if company and owner and owner != company.id]
        if foreign:
            partners = self.env["res.partner"].sudo().browse(foreign[:10])
            raise ValidationError(
                self.env._(
                    "%(clients)s belong to %(owner)s: their custody cannot be held for "
                    "%(company)s.",
                    clients=", ".join(partners.mapped("display_name")),
                    owner=", ".join(partners.company_id.mapped("name")),
                    company=company.name,
                )
            )
        found = {row[0] for row in rows}
        # Keep the caller's order where a client was given as itself.
        return [pid for pid in partner_ids if pid in found] + sorted(found - set(partner_ids))

    @api.model
    def _check_can_hold(self, employee, company):
        """Only an active employee of the company, with a user holding custody rights, holds
        clients (``hr.employee._custody_eligible``, the one rule): an employee without a login
        could not be reached nor bound by the rules."""
        reason = employee._custody_ineligibility(company)
        if reason:
            raise ValidationError(reason)

    @api.model
    def _check_manual_move(self, partner_ids, company):
        """A hook: whether a custody manager may change these clients' custody by hand (the
        client's Custodian field, the Salesperson, an import, the unassigned-clients queue).
        The handover addon refuses clients of a running handover, whose custody is the
        handover's to move."""

    @api.model
    def _lock_current(self, partner_ids, company):
        """The clients' custody records in ``company`` (created where missing) locked for this
        transaction, and their current periods: {partner id: (period, holder, start)}.

        Two moves of one client at once: the second waits for the first, then fails to
        serialize and is retried by Odoo on fresh data, so a client never gets two custodians."""
        self.env["custody.client"]._ensure(partner_ids, company)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT id FROM custody_client WHERE partner_id = ANY(%s) AND company_id = %s
                   ORDER BY id FOR NO KEY UPDATE""",
                partner_ids,
                company.id,
            )
        )
        self.env.cr.execute(
            SQL(
                """SELECT partner_id, id, employee_id, date_start FROM custody_assignment
                    WHERE partner_id = ANY(%s) AND company_id = %s AND date_end IS NULL""",
                partner_ids,
                company.id,
            )
        )
        return {
            pid: (period, holder, start) for pid, period, holder, start in self.env.cr.fetchall()
        }

    @api.model
    def _close_periods(self, current, date):
        """Close these current periods on ``date`` (never before they started)."""
        if not current:
            return
        period_ids = [period for period, _holder, _start in current.values()]
        self.env.cr.execute(
            SQL(
                """UPDATE custody_assignment
                      SET date_end = GREATEST(date_start, %(date)s),
                          write_uid = %(uid)s, write_date = %(now)s
                    WHERE id = ANY(%(ids)s)""",
                date=date,
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=period_ids,
            )
        )
        closed = self.browse(period_ids)
        closed.invalidate_recordset(["date_end", "write_uid", "write_date"])
        closed.modified(["date_end"])

    @api.model
    def _open_periods(self, partner_ids, employee, company, date, origin, note):
        if not partner_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """INSERT INTO custody_assignment (
                       partner_id, client_id, employee_id, user_id, company_id, date_start,
                       origin, note, partner_tier, create_uid, create_date, write_uid, write_date)
                   SELECT c.partner_id, c.id, %(employee)s, %(user)s, %(company)s, %(date)s,
                          %(origin)s, %(note)s, c.tier, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM custody_client c
                    WHERE c.partner_id = ANY(%(partners)s) AND c.company_id = %(company)s
                RETURNING partner_id, id""",
                employee=employee.id,
                user=employee.user_id.id or None,
                company=company.id,
                date=date,
                origin=origin,
                note=note or None,
                uid=self.env.uid,
                now=self.env.cr.now(),
                partners=list(partner_ids),
            )
        )
        new_periods = dict(self.env.cr.fetchall())
        self.browse(new_periods.values()).modified(
            ["partner_id", "client_id", "employee_id", "company_id", "date_start", "date_end"],
            create=True,
        )
        self.env["res.partner"].browse(new_periods).invalidate_recordset(["custody_assignment_ids"])
        self.env["custody.client"].invalidate_model(["assignment_ids"])
        return new_periods

    @api.model
    def _set_client_state(
        self, partner_ids, company, employee=None, keeper=None, reason=None, date=None
    ):
        """The company's custody record of each client: held by ``employee``, retained by
        ``keeper`` (with ``reason``), or unassigned when neither is given."""
        if not partner_ids:
            return
        state = "held" if employee else ("retained" if keeper else "unassigned")
        self.env.cr.execute(
            SQL(
                """UPDATE custody_client
                      SET custodian_id = %(employee)s, custody_since = %(since)s,
                          retained_by_id = %(keeper)s, retain_reason = %(reason)s,
                          retained_on = %(retained_on)s, state = %(state)s,
                          write_uid = %(uid)s, write_date = %(now)s
                    WHERE partner_id = ANY(%(partners)s) AND company_id = %(company)s
                RETURNING id""",
                employee=employee.id if employee else None,
                since=date if employee else None,
                keeper=keeper.id if keeper else None,
                reason=reason if keeper else None,
                retained_on=date if keeper else None,
                state=state,
                uid=self.env.uid,
                now=self.env.cr.now(),
                partners=list(partner_ids),
                company=company.id,
            )
        )
        clients = self.env["custody.client"].browse(row[0] for row in self.env.cr.fetchall())
        fnames = [
            "custodian_id",
            "custody_since",
            "retained_by_id",
            "retain_reason",
            "retained_on",
            "state",
            "write_uid",
            "write_date",
        ]
        clients.invalidate_recordset(fnames)
        clients.modified(fnames)
        self.env["hr.employee"].invalidate_model(["custody_client_ids"])

    @api.model
    def _apply_salesperson_rule(self, partner_ids, employee, company):
        """The Salesperson rule, in one place: when ``company`` syncs it, the clients (and
        their active contacts) get the custodian's user as Salesperson, where that company
        speaks for the client: a client of the company, or a shared client no other company
        holds (Salesperson is one field for all companies: two companies never overwrite each
        other's).

        The clients and their contacts are found through their keys (the contacts through the
        index on ``parent_id``), never by scanning every partner: an OR of the two would.
        """
        user = employee.user_id
        if not partner_ids or not user or not company.custody_sync_salesperson:
            return
        self.env["res.partner"].flush_model(["user_id", "company_id", "parent_id", "active"])
        self.env.cr.execute(
            SQL(
                """WITH spoken AS (
                       SELECT p.id FROM res_partner p
                        WHERE p.id = ANY(%(partners)s)
                          AND (p.company_id = %(company)s
                               OR (p.company_id IS NULL AND NOT EXISTS (
                                      SELECT 1 FROM custody_client o
                                       WHERE o.partner_id = p.id AND o.company_id != %(company)s
                                         AND o.custodian_id IS NOT NULL)))
                   )
                   UPDATE res_partner SET user_id = %(user)s, write_uid = %(uid)s,
                          write_date = %(now)s
                    WHERE id IN (SELECT id FROM spoken
                                 UNION ALL
                                 SELECT c.id FROM res_partner c
                                   JOIN spoken ON c.parent_id = spoken.id
                                  WHERE c.active)
                      AND user_id IS DISTINCT FROM %(user)s
                RETURNING id""",
                partners=list(partner_ids),
                company=company.id,
                user=user.id,
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        partners = self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())
        partners.invalidate_recordset(["user_id", "write_uid", "write_date"])
        partners.modified(["user_id"])

    @api.model
    def _follow_clients(self, partner_ids, partner):
        """``message_subscribe`` of one partner to many clients, with the rows in one statement.

        Odoo's own follower logic decides which clients need the partner and with which
        subtypes (existing followers are kept as they are); only the creation of the follower
        rows, one ORM record each otherwise, is done in one INSERT.
        """
        if not partner_ids:
            return
        Followers = self.env["mail.followers"].sudo()
        customers = partner.filtered("partner_share").ids
        new, _existing = Followers._add_default_followers(
            "res.partner", list(partner_ids), partner.ids, customer_ids=customers
        )
        if not new:
            return
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(
            "res.partner"
        )
        subtypes = external if customers else default
        Followers.flush_model()
        self.env.cr.execute(
            SQL(
                """WITH follower AS (
                       INSERT INTO mail_followers (res_model, res_id, partner_id)
                       SELECT 'res.partner', res_id, %(partner)s FROM unnest(%(res_ids)s::int[])
                                                                   AS res_id
                       ON CONFLICT DO NOTHING
                       RETURNING id
                   )
                   INSERT INTO mail_followers_mail_message_subtype_rel
                          (mail_followers_id, mail_message_subtype_id)
                   SELECT follower.id, subtype FROM follower, unnest(%(subtypes)s::int[])
                                                              AS subtype""",
                partner=partner.id,
                res_ids=list(new),
                subtypes=subtypes.ids,
            )
        )
        Followers.invalidate_model()
        self.env["res.partner"].browse(new).invalidate_recordset(
            ["message_follower_ids", "message_partner_ids"]
        )

    @api.model
    def _notify_orm(self):
        """What clients (and their contacts) and employees show of custody is read again from
        the records just written in SQL."""
        self.env["res.partner"].invalidate_model(list(PROXIED))
        self.env["hr.employee"].invalidate_model(
            ["custody_client_count", "custody_core_count", "custody_personal_count"]
        )

    @api.model
    def _check_dates(self, date_start, date_end, vals):
        """Checked before the row reaches the database, whose CHECK would give a raw error."""
        date_start, date_end = fields.Date.to_date(date_start), fields.Date.to_date(date_end)
        company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
        self._check_period_bounds([date_start, date_end], company)
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
    def _check_period_bounds(self, dates, company):
        """A custody period lies between ``EARLIEST_CUSTODY_DATE`` and today in the company's
        calendar: a start in 2099 (a typo in an import) would hide the client from every
        report until then."""
        first, last = EARLIEST_CUSTODY_DATE, self._company_today(company)
        wrong = [date for date in dates if date and not first <= date <= last]
        if wrong:
            raise ValidationError(
                self.env._(
                    "A custody period is dated from %(first)s to today (%(last)s), not %(date)s.",
                    first=first,
                    last=last,
                    date=wrong[0],
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
    def _check_no_second_current(self, partner_ids, employee_id):
        """A form or an import opening a current period for a client someone else holds is
        refused with a readable message: changing a custodian is the client's field, or a
        handover, not a second current row."""
        company = self.env["hr.employee"].sudo().browse(employee_id).company_id
        commercial = self._commercial_ids(partner_ids)
        holders = self._current_holders(commercial, company)
        taken = [pid for pid, holder in holders.items() if holder != employee_id]
        if len(commercial) != len(set(commercial)) or taken:
            names = self.env["res.partner"].browse(taken)
            raise ValidationError(
                self.env._(
                    "These clients already have a current custodian: %(clients)s. Change the "
                    "custodian on the client instead, or hand them over.",
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
