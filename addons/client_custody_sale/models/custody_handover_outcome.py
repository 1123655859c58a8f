from odoo import api, fields, models
from odoo.tools import SQL

# The windows compared, in days: before the handover started and after the client was accepted.
SHORT_WINDOW = 90
LONG_WINDOW = 180
OUTCOME_STATUSES = [("kept", "Kept"), ("at_risk", "At risk"), ("lost", "Lost")]
RISK_REASONS = [
    ("no_contact", "No contact by the successor"),
    ("orders_down", "Orders fell"),
]


class CustodyHandoverOutcome(models.Model):
    """Did the client stay? One row per client handed over by a completed handover.

    The figures are computed set-based by :meth:`_refresh` (one statement per measure, whatever
    the number of clients) and refreshed by a scheduled action; nobody edits them.
    Amounts are in the company's currency: confirmed sales by their date, posted customer
    invoices (credit notes deducted) by their invoice date, over the 90 and 180 days before the
    handover started and the same lengths after the client was accepted.
    """

    _name = "custody.handover.outcome"
    _description = "Handover Outcome"
    _order = "accepted_on desc, id desc"
    _rec_name = "partner_id"

    line_id = fields.Many2one(
        "custody.handover.line", required=True, readonly=True, ondelete="cascade", index=True
    )
    handover_id = fields.Many2one("custody.handover", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee", string="Leaver", readonly=True, context={"active_test": False}
    )
    successor_id = fields.Many2one("hr.employee", readonly=True, context={"active_test": False})
    department_id = fields.Many2one(
        "hr.department", string="Successor's team", readonly=True, index=True
    )
    manager_user_id = fields.Many2one(
        "res.users",
        string="Successor's manager",
        readonly=True,
        help="Receives the to-do when the client is at risk.",
    )
    started_on = fields.Datetime(string="Handover started", readonly=True)
    accepted_on = fields.Datetime(string="Client accepted", readonly=True)
    sales_before_90 = fields.Monetary(string="Sales 90 days before", readonly=True)
    sales_before_180 = fields.Monetary(string="Sales 180 days before", readonly=True)
    sales_after_90 = fields.Monetary(string="Sales 90 days after", readonly=True)
    sales_after_180 = fields.Monetary(string="Sales 180 days after", readonly=True)
    invoiced_before_90 = fields.Monetary(string="Invoiced 90 days before", readonly=True)
    invoiced_before_180 = fields.Monetary(string="Invoiced 180 days before", readonly=True)
    invoiced_after_90 = fields.Monetary(string="Invoiced 90 days after", readonly=True)
    invoiced_after_180 = fields.Monetary(string="Invoiced 180 days after", readonly=True)
    meetings_before = fields.Integer(string="Meetings 90 days before", readonly=True)
    meetings_after = fields.Integer(string="Meetings 90 days after", readonly=True)
    calls_before = fields.Integer(string="Calls 90 days before", readonly=True)
    calls_after = fields.Integer(string="Calls 90 days after", readonly=True)
    emails_before = fields.Integer(string="E-mails 90 days before", readonly=True)
    emails_after = fields.Integer(string="E-mails 90 days after", readonly=True)
    first_contact_on = fields.Datetime(
        string="Successor's first contact",
        readonly=True,
        help="The successor's first meeting, call or e-mail logged on the client since the "
        "handover started (telling the client of the new contact counts).",
    )
    last_order_on = fields.Datetime(string="Last order", readonly=True)
    baseline_amount = fields.Monetary(
        string="Sales expected",
        readonly=True,
        help="The client's sales of the 180 days before the handover, for as many days as have "
        "passed since it was accepted (at most 180).",
    )
    revenue_kept_pct = fields.Float(
        string="Revenue kept (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Sales since the client was accepted (at most 180 days) against the sales expected. "
        "Totals weigh each client by its sales.",
    )
    status = fields.Selection(OUTCOME_STATUSES, readonly=True, default="kept", index=True)
    risk_reason = fields.Selection(RISK_REASONS, readonly=True)
    client_count = fields.Integer(string="Clients", readonly=True, default=1)
    kept_count = fields.Integer(string="Kept", readonly=True)
    at_risk_count = fields.Integer(string="At risk", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    flagged_on = fields.Datetime(
        string="Manager told", readonly=True, help="When the to-do for the manager was scheduled."
    )

    _line_unique = models.UniqueIndex("(line_id)")

    def _read_group_select(self, aggregate_spec, query):
        """Revenue kept over a group is its sales over its expected sales, not an average of
        percentages (a small client would weigh as much as a large one)."""
        if aggregate_spec != "revenue_kept_pct:avg":
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "ROUND((100 * SUM(%(after)s) / NULLIF(SUM(%(baseline)s), 0))::numeric, 1)",
            after=self._field_to_sql(self._table, "sales_after_180", query),
            baseline=self._field_to_sql(self._table, "baseline_amount", query),
        )

    # ------------------------------------------------------------------
    # Refresh: one statement per measure
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh(self):
        self.sudo()._refresh()

    @api.model
    def _refresh(self):
        """Recompute every outcome and schedule a to-do for the successor's manager of each
        client newly at risk.

        One statement per measure whatever the number of clients: the clients of completed
        handovers, their sales, invoices and contacts are each computed into a temporary table,
        then one upsert writes the rows whose figures changed (a row is written once, not once
        per measure: the nightly run rewrites only what moved).
        """
        self.env.flush_all()
        now = fields.Datetime.now()
        cr = self.env.cr
        cr.execute(
            "DROP TABLE IF EXISTS custody_outcome_base, custody_outcome_sales, "
            "custody_outcome_invoices, custody_outcome_contacts"
        )
        for statement in (
            self._sql_base(),
            self._sql_sales(now),
            self._sql_invoices(now),
            self._sql_contacts(now),
            self._sql_write(now),
        ):
            cr.execute(statement)
        self.invalidate_model()
        self._flag_at_risk(now)

    def _sql_base(self):
        """The clients of completed handovers: accepted, transferred, not undone; the rows of
        clients that no longer qualify go."""
        return SQL(
            """
            CREATE TEMP TABLE custody_outcome_base ON COMMIT DROP AS
            SELECT l.id AS line_id, l.handover_id, l.partner_id, h.company_id, h.employee_id,
                   l.successor_id, sv.department_id,
                   COALESCE(mgr.user_id, h.approved_by_id, h.create_uid) AS manager_user_id,
                   su.partner_id AS successor_partner_id, h.started_on, l.accepted_on
              FROM custody_handover_line l
              JOIN custody_handover h ON h.id = l.handover_id
              JOIN hr_employee s ON s.id = l.successor_id
              LEFT JOIN hr_version sv ON sv.id = s.current_version_id
              LEFT JOIN hr_employee mgr ON mgr.id = s.parent_id
              LEFT JOIN res_users su ON su.id = s.user_id
             WHERE h.state = 'done' AND l.state = 'accepted' AND l.decision = 'transfer'
               AND NOT COALESCE(l.undone, FALSE)
               AND l.accepted_on IS NOT NULL AND h.started_on IS NOT NULL;
            CREATE UNIQUE INDEX ON custody_outcome_base (line_id);
            ANALYZE custody_outcome_base;
            DELETE FROM custody_handover_outcome o
             WHERE NOT EXISTS (SELECT 1 FROM custody_outcome_base b WHERE b.line_id = o.line_id)
            """
        )

    @staticmethod
    def _sql_windows(amount, date_column, now):
        """The four window sums of ``amount`` by ``date_column`` for a client ``o``."""
        return SQL(
            """
            COALESCE(SUM(%(a)s) FILTER (WHERE %(d)s >= o.started_on - interval '90 days'
                                          AND %(d)s < o.started_on), 0) AS before_90,
            COALESCE(SUM(%(a)s) FILTER (WHERE %(d)s >= o.started_on - interval '180 days'
                                          AND %(d)s < o.started_on), 0) AS before_180,
            COALESCE(SUM(%(a)s) FILTER (WHERE %(d)s >= o.accepted_on
                                          AND %(d)s < o.accepted_on + interval '90 days'
                                          AND %(d)s < %(now)s), 0) AS after_90,
            COALESCE(SUM(%(a)s) FILTER (WHERE %(d)s >= o.accepted_on
                                          AND %(d)s < o.accepted_on + interval '180 days'
                                          AND %(d)s < %(now)s), 0) AS after_180
            """,
            a=amount,
            d=date_column,
            now=now,
        )

    def _sql_sales(self, now):
        """Confirmed sales orders of the client (any of its contacts) in the company, untaxed,
        in the company's currency (at the order's rate), by order date; and its last order."""
        return SQL(
            """
            CREATE TEMP TABLE custody_outcome_sales ON COMMIT DROP AS
            SELECT o.line_id, %(windows)s,
                   MAX(so.date_order) FILTER (WHERE so.date_order < %(now)s) AS last_order_on
              FROM custody_outcome_base o
              JOIN res_partner p ON p.commercial_partner_id = o.partner_id
              JOIN sale_order so ON so.partner_id = p.id AND so.company_id = o.company_id
             WHERE so.state = 'sale'
             GROUP BY o.line_id
            """,
            windows=self._sql_windows(
                SQL("so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)"),
                SQL("so.date_order"),
                now,
            ),
            now=now,
        )

    def _sql_invoices(self, now):
        """Posted customer invoices of the client in the company, credit notes deducted,
        untaxed in the company's currency, by invoice date."""
        return SQL(
            """
            CREATE TEMP TABLE custody_outcome_invoices ON COMMIT DROP AS
            SELECT o.line_id, %(windows)s
              FROM custody_outcome_base o
              JOIN account_move am ON am.commercial_partner_id = o.partner_id
                                  AND am.company_id = o.company_id
             WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
             GROUP BY o.line_id
            """,
            windows=self._sql_windows(
                SQL("am.amount_untaxed_signed"), SQL("am.invoice_date::timestamp"), now
            ),
        )

    def _sql_contacts(self, now):
        """Meetings and calls (done activities of those kinds) and e-mails (sent, received or
        posted to the client) logged on the client, its contacts, its opportunities and its
        orders in the company, 90 days before and after; and the successor's first of them
        since the handover started (a successor who calls during the refusal window has
        made contact)."""
        before = SQL("k.date >= o.started_on - interval '90 days' AND k.date < o.started_on")
        after = SQL("k.date >= o.accepted_on AND k.date < o.accepted_on + interval '90 days'")
        return SQL(
            """
            CREATE TEMP TABLE custody_outcome_contacts ON COMMIT DROP AS
            WITH touch AS (
                SELECT o.line_id, msg.id AS message_id
                  FROM custody_outcome_base o
                  JOIN res_partner p ON p.commercial_partner_id = o.partner_id
                  JOIN mail_message msg ON msg.model = 'res.partner' AND msg.res_id = p.id
                UNION ALL
                SELECT o.line_id, msg.id
                  FROM custody_outcome_base o
                  JOIN res_partner p ON p.commercial_partner_id = o.partner_id
                  JOIN sale_order so ON so.partner_id = p.id AND so.company_id = o.company_id
                  JOIN mail_message msg ON msg.model = 'sale.order' AND msg.res_id = so.id
                UNION ALL
                SELECT o.line_id, msg.id
                  FROM custody_outcome_base o
                  JOIN res_partner p ON p.commercial_partner_id = o.partner_id
                  JOIN crm_lead l ON l.partner_id = p.id
                                 AND (l.company_id IS NULL OR l.company_id = o.company_id)
                  JOIN mail_message msg ON msg.model = 'crm.lead' AND msg.res_id = l.id
            ),
            kinds AS (
                SELECT t.line_id, msg.date, msg.author_id,
                       CASE WHEN typ.category = 'meeting' THEN 'meeting'
                            WHEN typ.category = 'phonecall' THEN 'call'
                            WHEN msg.message_type IN ('email', 'email_outgoing')
                              OR msg.subtype_id = %(comment)s THEN 'email'
                       END AS kind
                  FROM touch t
                  JOIN mail_message msg ON msg.id = t.message_id
                  LEFT JOIN mail_activity_type typ ON typ.id = msg.mail_activity_type_id
                 WHERE msg.date < %(now)s
            )
            SELECT o.line_id,
                   COUNT(*) FILTER (WHERE k.kind = 'meeting' AND %(before)s) AS meetings_before,
                   COUNT(*) FILTER (WHERE k.kind = 'meeting' AND %(after)s) AS meetings_after,
                   COUNT(*) FILTER (WHERE k.kind = 'call' AND %(before)s) AS calls_before,
                   COUNT(*) FILTER (WHERE k.kind = 'call' AND %(after)s) AS calls_after,
                   COUNT(*) FILTER (WHERE k.kind = 'email' AND %(before)s) AS emails_before,
                   COUNT(*) FILTER (WHERE k.kind = 'email' AND %(after)s) AS emails_after,
                   MIN(k.date) FILTER (WHERE k.date >= o.started_on
                                         AND k.author_id = o.successor_partner_id)
                       AS first_contact_on
              FROM custody_outcome_base o
              JOIN kinds k ON k.line_id = o.line_id AND k.kind IS NOT NULL
             GROUP BY o.line_id
            """,
            comment=self.env.ref("mail.mt_comment").id,
            now=now,
            before=before,
            after=after,
        )

    def _sql_write(self, now):
        """One upsert of every row whose figures or status changed.

        Lost: it bought in the 180 days before, and nothing since it was accepted, 90 days on.
        At risk: no contact by the successor yet, the company's number of days after it was
        accepted; or, once 90 days have passed, its sales of those 90 days fell by more than
        the company's percentage against the 90 days before the handover. A client no longer
        at risk (or lost) may be flagged again later: its flag is cleared.
        """
        return SQL(
            """
            WITH figures AS (
                SELECT b.*,
                       COALESCE(s.before_90, 0) AS sales_before_90,
                       COALESCE(s.before_180, 0) AS sales_before_180,
                       COALESCE(s.after_90, 0) AS sales_after_90,
                       COALESCE(s.after_180, 0) AS sales_after_180,
                       s.last_order_on,
                       COALESCE(i.before_90, 0) AS invoiced_before_90,
                       COALESCE(i.before_180, 0) AS invoiced_before_180,
                       COALESCE(i.after_90, 0) AS invoiced_after_90,
                       COALESCE(i.after_180, 0) AS invoiced_after_180,
                       COALESCE(k.meetings_before, 0) AS meetings_before,
                       COALESCE(k.meetings_after, 0) AS meetings_after,
                       COALESCE(k.calls_before, 0) AS calls_before,
                       COALESCE(k.calls_after, 0) AS calls_after,
                       COALESCE(k.emails_before, 0) AS emails_before,
                       COALESCE(k.emails_after, 0) AS emails_after,
                       k.first_contact_on,
                       LEAST(GREATEST(EXTRACT(EPOCH FROM (%(now)s - b.accepted_on)) / 86400, 0),
                             %(long)s) AS elapsed,
                       COALESCE(c.custody_outcome_contact_days, 14) AS contact_days,
                       COALESCE(c.custody_outcome_drop_percent, 50) AS drop_percent
                  FROM custody_outcome_base b
                  JOIN res_company c ON c.id = b.company_id
                  LEFT JOIN custody_outcome_sales s ON s.line_id = b.line_id
                  LEFT JOIN custody_outcome_invoices i ON i.line_id = b.line_id
                  LEFT JOIN custody_outcome_contacts k ON k.line_id = b.line_id
            ),
            flags AS (
                SELECT f.*,
                       f.sales_before_180 > 0 AND f.sales_after_180 = 0
                           AND f.elapsed >= %(short)s AS lost,
                       f.first_contact_on IS NULL AND f.elapsed >= f.contact_days AS no_contact,
                       f.elapsed >= %(short)s AND f.sales_before_90 > 0
                           AND f.sales_after_90
                               < f.sales_before_90 * (1 - f.drop_percent / 100.0) AS orders_down
                  FROM figures f
            )
            INSERT INTO custody_handover_outcome AS o (
                line_id, handover_id, partner_id, company_id, employee_id, successor_id,
                department_id, manager_user_id, started_on, accepted_on,
                sales_before_90, sales_before_180, sales_after_90, sales_after_180,
                last_order_on, invoiced_before_90, invoiced_before_180, invoiced_after_90,
                invoiced_after_180, meetings_before, meetings_after, calls_before, calls_after,
                emails_before, emails_after, first_contact_on, baseline_amount,
                revenue_kept_pct, status, risk_reason, client_count, kept_count, at_risk_count,
                lost_count, create_uid, create_date, write_uid, write_date)
            SELECT line_id, handover_id, partner_id, company_id, employee_id, successor_id,
                   department_id, manager_user_id, started_on, accepted_on,
                   sales_before_90, sales_before_180, sales_after_90, sales_after_180,
                   last_order_on, invoiced_before_90, invoiced_before_180, invoiced_after_90,
                   invoiced_after_180, meetings_before, meetings_after, calls_before,
                   calls_after, emails_before, emails_after, first_contact_on,
                   sales_before_180 * elapsed / %(long)s,
                   CASE WHEN sales_before_180 * elapsed > 0
                        THEN 100 * sales_after_180 / (sales_before_180 * elapsed / %(long)s)
                   END,
                   CASE WHEN lost THEN 'lost'
                        WHEN no_contact OR orders_down THEN 'at_risk'
                        ELSE 'kept' END,
                   CASE WHEN lost THEN NULL
                        WHEN no_contact THEN 'no_contact'
                        WHEN orders_down THEN 'orders_down' END,
                   1,
                   (NOT lost AND NOT no_contact AND NOT orders_down)::int,
                   (NOT lost AND (no_contact OR orders_down))::int,
                   lost::int,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM flags
            ON CONFLICT (line_id) DO UPDATE
               SET (successor_id, department_id, manager_user_id, started_on, accepted_on,
                    sales_before_90, sales_before_180, sales_after_90, sales_after_180,
                    last_order_on, invoiced_before_90, invoiced_before_180, invoiced_after_90,
                    invoiced_after_180, meetings_before, meetings_after, calls_before,
                    calls_after, emails_before, emails_after, first_contact_on,
                    baseline_amount, revenue_kept_pct, status, risk_reason, kept_count,
                    at_risk_count, lost_count, flagged_on, write_date)
                 = (EXCLUDED.successor_id, EXCLUDED.department_id, EXCLUDED.manager_user_id,
                    EXCLUDED.started_on, EXCLUDED.accepted_on, EXCLUDED.sales_before_90,
                    EXCLUDED.sales_before_180, EXCLUDED.sales_after_90,
                    EXCLUDED.sales_after_180, EXCLUDED.last_order_on,
                    EXCLUDED.invoiced_before_90, EXCLUDED.invoiced_before_180,
                    EXCLUDED.invoiced_after_90, EXCLUDED.invoiced_after_180,
                    EXCLUDED.meetings_before, EXCLUDED.meetings_after, EXCLUDED.calls_before,
                    EXCLUDED.calls_after, EXCLUDED.emails_before, EXCLUDED.emails_after,
                    EXCLUDED.first_contact_on, EXCLUDED.baseline_amount,
                    EXCLUDED.revenue_kept_pct, EXCLUDED.status, EXCLUDED.risk_reason,
                    EXCLUDED.kept_count, EXCLUDED.at_risk_count, EXCLUDED.lost_count,
                    CASE WHEN EXCLUDED.status = 'kept' THEN NULL ELSE o.flagged_on END,
                    EXCLUDED.write_date)
             WHERE (o.successor_id, o.department_id, o.manager_user_id, o.started_on,
                    o.accepted_on, o.sales_before_90, o.sales_before_180, o.sales_after_90,
                    o.sales_after_180, o.last_order_on, o.invoiced_before_90,
                    o.invoiced_before_180, o.invoiced_after_90, o.invoiced_after_180,
                    o.meetings_before, o.meetings_after, o.calls_before, o.calls_after,
                    o.emails_before, o.emails_after, o.first_contact_on, o.baseline_amount,
                    o.revenue_kept_pct, o.status, o.risk_reason)
                   IS DISTINCT FROM
                   (EXCLUDED.successor_id, EXCLUDED.department_id, EXCLUDED.manager_user_id,
                    EXCLUDED.started_on, EXCLUDED.accepted_on, EXCLUDED.sales_before_90,
                    EXCLUDED.sales_before_180, EXCLUDED.sales_after_90,
                    EXCLUDED.sales_after_180, EXCLUDED.last_order_on,
                    EXCLUDED.invoiced_before_90, EXCLUDED.invoiced_before_180,
                    EXCLUDED.invoiced_after_90, EXCLUDED.invoiced_after_180,
                    EXCLUDED.meetings_before, EXCLUDED.meetings_after, EXCLUDED.calls_before,
                    EXCLUDED.calls_after, EXCLUDED.emails_before, EXCLUDED.emails_after,
                    EXCLUDED.first_contact_on, EXCLUDED.baseline_amount,
                    EXCLUDED.revenue_kept_pct, EXCLUDED.status, EXCLUDED.risk_reason)
            """,
            now=now,
            uid=self.env.uid,
            short=SHORT_WINDOW,
            long=LONG_WINDOW,
        )

    def _flag_at_risk(self, now):
        """A to-do on the client for the successor's manager, once per spell at risk."""
        rows = self.search([("status", "=", "at_risk"), ("flagged_on", "=", False)])
        if not rows:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for row in rows:
            manager = row.manager_user_id
            env = self.with_context(lang=manager.lang or self.env.lang).env
            reasons = dict(self._fields["risk_reason"]._description_selection(env))
            vals_list.append(
                {
                    "res_model_id": partner_model,
                    "res_id": row.partner_id.id,
                    "activity_type_id": todo.id,
                    "user_id": manager.id,
                    "date_deadline": fields.Date.context_today(self, now),
                    "summary": env._("Client at risk after its handover"),
                    "note": env._(
                        "%(client)s, handed over to %(successor)s by %(handover)s: %(reason)s.",
                        client=row.partner_id.display_name,
                        successor=row.successor_id.name,
                        handover=row.handover_id.name,
                        reason=reasons[row.risk_reason],
                    ),
                }
            )
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        self.env.cr.execute(
            SQL(
                "UPDATE custody_handover_outcome SET flagged_on = %s WHERE id = ANY(%s)",
                now,
                rows.ids,
            )
        )
        rows.invalidate_recordset(["flagged_on"])
