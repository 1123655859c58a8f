from datetime import timedelta

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
    successor_id = fields.Many2one(
        "hr.employee", string="Successor", readonly=True, context={"active_test": False}
    )
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
    refreshed_on = fields.Datetime(readonly=True)

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
        """Recompute every outcome: rows for the clients of completed handovers, then sales,
        invoices, contacts, status; a to-do for the successor's manager of each client newly at
        risk. The number of statements does not depend on the number of clients."""
        self.env.flush_all()
        now = fields.Datetime.now()
        cr = self.env.cr
        cr.execute(self._sql_sync_rows(now))
        cr.execute(self._sql_sales(now))
        cr.execute(self._sql_invoices(now))
        cr.execute(self._sql_contacts(now))
        cr.execute(self._sql_status(now))
        self.invalidate_model()
        self._flag_at_risk(now)

    def _sql_sync_rows(self, now):
        """Rows of the accepted, not undone clients of completed handovers; rows of lines that
        no longer qualify go."""
        return SQL(
            """
            WITH qualifying AS (
                SELECT l.id AS line_id, l.handover_id, l.partner_id, h.company_id,
                       h.employee_id, l.successor_id, sv.department_id,
                       COALESCE(mgr.user_id, h.approved_by_id, h.create_uid) AS manager_user_id,
                       h.started_on, l.accepted_on
                  FROM custody_handover_line l
                  JOIN custody_handover h ON h.id = l.handover_id
                  JOIN hr_employee s ON s.id = l.successor_id
                  LEFT JOIN hr_version sv ON sv.id = s.current_version_id
                  LEFT JOIN hr_employee mgr ON mgr.id = s.parent_id
                 WHERE h.state = 'done' AND l.state = 'accepted' AND l.decision = 'transfer'
                   AND NOT COALESCE(l.undone, FALSE)
                   AND l.accepted_on IS NOT NULL AND h.started_on IS NOT NULL
            ),
            gone AS (
                DELETE FROM custody_handover_outcome o
                 WHERE NOT EXISTS (SELECT 1 FROM qualifying q WHERE q.line_id = o.line_id)
            )
            INSERT INTO custody_handover_outcome (
                line_id, handover_id, partner_id, company_id, employee_id, successor_id,
                department_id, manager_user_id, started_on, accepted_on, status, client_count,
                create_uid, create_date, write_uid, write_date)
            SELECT q.line_id, q.handover_id, q.partner_id, q.company_id, q.employee_id,
                   q.successor_id, q.department_id, q.manager_user_id, q.started_on,
                   q.accepted_on, 'kept', 1, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM qualifying q
            ON CONFLICT (line_id) DO UPDATE
               SET successor_id = EXCLUDED.successor_id, department_id = EXCLUDED.department_id,
                   manager_user_id = EXCLUDED.manager_user_id,
                   started_on = EXCLUDED.started_on, accepted_on = EXCLUDED.accepted_on
            """,
            uid=self.env.uid,
            now=now,
        )

    @staticmethod
    def _sql_windows(amount, date_column, now):
        """The four window sums of ``amount`` by ``date_column`` for an outcome ``o``."""
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
            UPDATE custody_handover_outcome o
               SET sales_before_90 = m.before_90, sales_before_180 = m.before_180,
                   sales_after_90 = m.after_90, sales_after_180 = m.after_180,
                   last_order_on = m.last_order_on, refreshed_on = %(now)s
              FROM (
                SELECT o.id, %(windows)s,
                       MAX(so.date_order) FILTER (WHERE so.date_order < %(now)s) AS last_order_on
                  FROM custody_handover_outcome o
                  LEFT JOIN (res_partner p
                             JOIN sale_order so ON so.partner_id = p.id AND so.state = 'sale')
                         ON p.commercial_partner_id = o.partner_id
                        AND so.company_id = o.company_id
                 GROUP BY o.id
              ) m
             WHERE m.id = o.id
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
            UPDATE custody_handover_outcome o
               SET invoiced_before_90 = m.before_90, invoiced_before_180 = m.before_180,
                   invoiced_after_90 = m.after_90, invoiced_after_180 = m.after_180
              FROM (
                SELECT o.id, %(windows)s
                  FROM custody_handover_outcome o
                  LEFT JOIN account_move am
                         ON am.commercial_partner_id = o.partner_id
                        AND am.company_id = o.company_id
                        AND am.state = 'posted'
                        AND am.move_type IN ('out_invoice', 'out_refund')
                 GROUP BY o.id
              ) m
             WHERE m.id = o.id
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
        return SQL(
            """
            WITH touch AS (
                SELECT o.id AS outcome_id, msg.id AS message_id
                  FROM custody_handover_outcome o
                  JOIN res_partner p ON p.commercial_partner_id = o.partner_id
                  JOIN mail_message msg ON msg.model = 'res.partner' AND msg.res_id = p.id
                UNION ALL
                SELECT o.id, msg.id
                  FROM custody_handover_outcome o
                  JOIN res_partner p ON p.commercial_partner_id = o.partner_id
                  JOIN sale_order so ON so.partner_id = p.id AND so.company_id = o.company_id
                  JOIN mail_message msg ON msg.model = 'sale.order' AND msg.res_id = so.id
                UNION ALL
                SELECT o.id, msg.id
                  FROM custody_handover_outcome o
                  JOIN res_partner p ON p.commercial_partner_id = o.partner_id
                  JOIN crm_lead l ON l.partner_id = p.id
                                 AND (l.company_id IS NULL OR l.company_id = o.company_id)
                  JOIN mail_message msg ON msg.model = 'crm.lead' AND msg.res_id = l.id
            ),
            kinds AS (
                SELECT t.outcome_id, msg.date, msg.author_id,
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
            UPDATE custody_handover_outcome o
               SET meetings_before = m.meetings_before, meetings_after = m.meetings_after,
                   calls_before = m.calls_before, calls_after = m.calls_after,
                   emails_before = m.emails_before, emails_after = m.emails_after,
                   first_contact_on = m.first_contact_on
              FROM (
                SELECT o.id,
                       COUNT(*) FILTER (WHERE k.kind = 'meeting' AND %(before)s) AS meetings_before,
                       COUNT(*) FILTER (WHERE k.kind = 'meeting' AND %(after)s) AS meetings_after,
                       COUNT(*) FILTER (WHERE k.kind = 'call' AND %(before)s) AS calls_before,
                       COUNT(*) FILTER (WHERE k.kind = 'call' AND %(after)s) AS calls_after,
                       COUNT(*) FILTER (WHERE k.kind = 'email' AND %(before)s) AS emails_before,
                       COUNT(*) FILTER (WHERE k.kind = 'email' AND %(after)s) AS emails_after,
                       MIN(k.date) FILTER (WHERE k.date >= o.started_on
                                             AND k.author_id = su.partner_id) AS first_contact_on
                  FROM custody_handover_outcome o
                  LEFT JOIN hr_employee s ON s.id = o.successor_id
                  LEFT JOIN res_users su ON su.id = s.user_id
                  LEFT JOIN kinds k ON k.outcome_id = o.id AND k.kind IS NOT NULL
                 GROUP BY o.id
              ) m
             WHERE m.id = o.id
            """,
            comment=self.env.ref("mail.mt_comment").id,
            now=now,
            before=SQL(
                "k.date >= o.started_on - interval '90 days' AND k.date < o.started_on"
            ),
            after=SQL(
                "k.date >= o.accepted_on AND k.date < o.accepted_on + interval '90 days'"
            ),
        )

    def _sql_status(self, now):
        """Kept, at risk or lost, from the figures and the company's settings.

        Lost: it bought in the 180 days before, and nothing since it was accepted, 90 days on.
        At risk: no contact by the successor yet, the company's number of days after it was
        accepted; or, once 90 days have passed, its sales of those 90 days fell by more than
        the company's percentage against the 90 days before the handover.
        """
        return SQL(
            """
            WITH figures AS (
                SELECT o.id,
                       LEAST(GREATEST(EXTRACT(EPOCH FROM (%(now)s - o.accepted_on)) / 86400, 0),
                             %(long)s) AS elapsed,
                       c.custody_outcome_contact_days AS contact_days,
                       c.custody_outcome_drop_percent AS drop_percent
                  FROM custody_handover_outcome o
                  JOIN res_company c ON c.id = o.company_id
            ),
            flags AS (
                SELECT o.id, f.elapsed,
                       o.sales_before_180 > 0 AND o.sales_after_180 = 0
                           AND f.elapsed >= %(short)s AS lost,
                       o.first_contact_on IS NULL
                           AND f.elapsed >= COALESCE(f.contact_days, 14) AS no_contact,
                       f.elapsed >= %(short)s AND o.sales_before_90 > 0
                           AND o.sales_after_90 < o.sales_before_90
                               * (1 - COALESCE(f.drop_percent, 50) / 100.0) AS orders_down
                  FROM custody_handover_outcome o
                  JOIN figures f ON f.id = o.id
            )
            UPDATE custody_handover_outcome o
               SET baseline_amount = o.sales_before_180 * f.elapsed / %(long)s,
                   revenue_kept_pct = CASE WHEN o.sales_before_180 * f.elapsed > 0
                       THEN 100 * o.sales_after_180 / (o.sales_before_180 * f.elapsed / %(long)s)
                   END,
                   status = CASE WHEN f.lost THEN 'lost'
                                 WHEN f.no_contact OR f.orders_down THEN 'at_risk'
                                 ELSE 'kept' END,
                   risk_reason = CASE WHEN f.lost THEN NULL
                                      WHEN f.no_contact THEN 'no_contact'
                                      WHEN f.orders_down THEN 'orders_down' END,
                   kept_count = (NOT f.lost AND NOT f.no_contact AND NOT f.orders_down)::int,
                   at_risk_count = (NOT f.lost AND (f.no_contact OR f.orders_down))::int,
                   lost_count = f.lost::int,
                   flagged_on = CASE WHEN f.lost OR f.no_contact OR f.orders_down
                                     THEN o.flagged_on END
              FROM flags f
             WHERE f.id = o.id
            """,
            now=now,
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
