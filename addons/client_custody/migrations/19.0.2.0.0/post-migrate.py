"""19.0.2.0.0: who holds each client, and its tier, move to one record per client and company.

Until 19.0.1.x the client carried one custodian and one tier for all companies (stored on
res_partner), which a second company overwrote. Each (client, company) the ledger knows, and
each client whose tier a manager decided, gets its custody.client: the company's current
custodian (from the open period), the tier and its evidence, and, for a client a leaver
retained through a handover, who kept it and why. Every period points at its record. The
client's old columns, now read through the records, are dropped once copied.
"""

from odoo.tools import SQL, sql

OLD_PARTNER_COLUMNS = (
    "custodian_id",
    "custody_since",
    "custody_tier",
    "custody_tier_basis",
    "custody_confidentiality_measures",
    "custody_tier_decided_by_id",
    "custody_tier_decided_on",
)


def migrate(cr, version):
    if not sql.column_exists(cr, "res_partner", "custody_tier"):
        return  # nothing of 19.0.1.x left to carry over
    cr.execute(
        SQL(
            """
            WITH pairs AS (
                SELECT DISTINCT partner_id, company_id FROM custody_assignment
                UNION
                SELECT p.id, COALESCE(p.company_id, u.company_id)
                  FROM res_partner p
                  JOIN res_users u ON u.id = p.custody_tier_decided_by_id
                 WHERE p.custody_tier_decided_on IS NOT NULL
            )
            INSERT INTO custody_client (
                partner_id, company_id, custodian_id, custody_since, state, tier, tier_basis,
                confidentiality_measures, tier_decided_by_id, tier_decided_on,
                create_uid, create_date, write_uid, write_date)
            SELECT pairs.partner_id, pairs.company_id, cur.employee_id, cur.date_start,
                   CASE WHEN cur.employee_id IS NULL THEN 'unassigned' ELSE 'held' END,
                   COALESCE(p.custody_tier, 'core'), p.custody_tier_basis,
                   p.custody_confidentiality_measures, p.custody_tier_decided_by_id,
                   p.custody_tier_decided_on, 1, now() at time zone 'UTC', 1,
                   now() at time zone 'UTC'
              FROM pairs
              JOIN res_partner p ON p.id = pairs.partner_id
              LEFT JOIN custody_assignment cur
                     ON cur.partner_id = pairs.partner_id AND cur.company_id = pairs.company_id
                    AND cur.date_end IS NULL
            ON CONFLICT (partner_id, company_id) DO NOTHING
            """
        )
    )
    cr.execute(
        SQL(
            """UPDATE custody_assignment a SET client_id = c.id
                 FROM custody_client c
                WHERE c.partner_id = a.partner_id AND c.company_id = a.company_id
                  AND a.client_id IS NULL"""
        )
    )
    if sql.table_exists(cr, "custody_handover_line"):
        # A retained client was released in 19.0.1.x: it is retained, by its leaver.
        cr.execute(
            SQL(
                """
                UPDATE custody_client c
                   SET state = 'retained', retained_by_id = r.employee_id,
                       retain_reason = r.retain_reason, retained_on = r.accepted_on::date
                  FROM (SELECT DISTINCT ON (partner_id, company_id)
                               partner_id, company_id, employee_id, retain_reason, accepted_on
                          FROM custody_handover_line
                         WHERE decision = 'retain' AND state = 'accepted'
                         ORDER BY partner_id, company_id, accepted_on DESC, id DESC) r
                 WHERE c.partner_id = r.partner_id AND c.company_id = r.company_id
                   AND c.custodian_id IS NULL
                """
            )
        )
    for column in OLD_PARTNER_COLUMNS:
        if sql.column_exists(cr, "res_partner", column):
            cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(column)))
