"""Benchmark: the handover outcomes refresh (issue #26) at N handed-over clients with 10 orders
each. Run it with ``make bench-outcomes`` (BENCH_OUTCOME_CLIENTS=10000 by default).

The data is built by SQL (not measured): N client companies held by one successor, handed over
by completed departure handovers of 1,000 clients each, 10 confirmed orders per client (five in
the 180 days before the handover, five after; one client in 20 buys nothing after: lost), and a
first e-mail by the successor on 9 clients in 10 (the others are at risk: each one gets a to-do
for the successor's manager, created by the refresh through the ORM). Then VACUUM ANALYZE, as
the database's autovacuum would have done, and the refresh runs twice: the first computes every
figure and creates the to-dos; the second is the nightly run that has no new risk to flag.

Prints wall time and SQL statements of each run. Nothing here asserts a duration.
"""

import argparse
import time

QUIET = {"tracking_disable": True, "mail_create_nolog": True, "no_reset_password": True}
PER_HANDOVER = 1000
ORDERS = 10


def _odoo(config, db):
    import odoo  # noqa: PLC0415  (imported here: the module is also read without Odoo)
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config as odoo_config  # noqa: PLC0415

    odoo_config.parse_config(["-c", config, "--log-level=warn"])
    return odoo, Registry(db)


def _employee(env, name, manager=None):
    group = env.ref("client_custody.group_custody_user").id
    user = (
        env["res.users"]
        .with_context(**QUIET)
        .create({"name": name, "login": name.lower().replace(" ", "."), "group_ids": [(4, group)]})
    )
    return (
        env["hr.employee"]
        .with_context(**QUIET)
        .create({"name": name, "user_id": user.id, "parent_id": manager and manager.id})
    )


def build(odoo, registry, clients, tag):
    """N handed-over clients, their orders and the successor's e-mails, by SQL; committed."""
    from odoo.tools import SQL  # noqa: PLC0415

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        manager = _employee(env, f"Bench Manager {tag}")
        leaver = _employee(env, f"Bench Leaver {tag}")
        successor = _employee(env, f"Bench Successor {tag}", manager)
        company = env.company
        comment = env.ref("mail.mt_comment").id
        env.flush_all()
        params = {
            "n": clients,
            "tag": tag,
            "company": company.id,
            "leaver": leaver.id,
            "leaver_user": leaver.user_id.id,
            "successor": successor.id,
            "successor_user": successor.user_id.id,
            "successor_partner": successor.user_id.partner_id.id,
            "per": PER_HANDOVER,
            "orders": ORDERS,
            "comment": comment,
        }
        statements = [
            # Clients: companies, their own commercial partner.
            """CREATE TEMP TABLE bench_client AS
               WITH p AS (
                   INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                            company_id, autopost_bills, create_date, write_date)
                   SELECT 'Bench ' || %(tag)s || ' ' || g, 'Bench ' || %(tag)s || ' ' || g,
                          TRUE, TRUE, 'contact', NULL, 'ask', now(), now()
                     FROM generate_series(1, %(n)s) g
                   RETURNING id)
               SELECT id, row_number() OVER (ORDER BY id) AS rank FROM p""",
            "UPDATE res_partner p SET commercial_partner_id = p.id FROM bench_client c"
            " WHERE c.id = p.id",
            # Completed departure handovers of 1,000 clients each.
            """CREATE TEMP TABLE bench_handover AS
               WITH h AS (
                   INSERT INTO custody_handover (name, employee_id, company_id, refusal_hours,
                                                 kind, state, started_on, done_on,
                                                 cascade_quotations, create_date, write_date)
                   SELECT 'Bench ' || %(tag)s || ' ' || g, %(leaver)s, %(company)s, 24,
                          'departure', 'done', now() - interval '200 days',
                          now() - interval '195 days', TRUE, now(), now()
                     FROM generate_series(1, (%(n)s + %(per)s - 1) / %(per)s) g
                   RETURNING id)
               SELECT id, row_number() OVER (ORDER BY id) AS rank FROM h""",
            """INSERT INTO custody_handover_line (handover_id, partner_id, company_id, employee_id,
                          tier, successor_id, decision, state, told_at, told_channel,
                          accepted_on, create_date, write_date)
               SELECT h.id, c.id, %(company)s, %(leaver)s, 'core', %(successor)s, 'transfer',
                      'accepted', now() - interval '199 days', 'call',
                      now() - interval '198 days', now(), now()
                 FROM bench_client c
                 JOIN bench_handover h ON h.rank = (c.rank - 1) / %(per)s + 1""",
            # Ten confirmed orders a client: five before the handover, five after (none after
            # for one client in 20: lost).
            """INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                          company_id, user_id, state, date_order, amount_untaxed, amount_tax,
                          amount_total, currency_rate, create_date, write_date)
               SELECT 'BENCH/' || %(tag)s || '/' || c.id || '/' || k, c.id, c.id, c.id,
                      %(company)s,
                      CASE WHEN k <= %(orders)s / 2 THEN %(leaver_user)s
                           ELSE %(successor_user)s END,
                      'sale',
                      CASE WHEN k <= %(orders)s / 2
                           THEN now() - interval '200 days' - (k * interval '15 days')
                           ELSE now() - interval '198 days'
                                + ((k - %(orders)s / 2) * interval '15 days') END,
                      100 + (c.id %% 7) * 10, 0, 100 + (c.id %% 7) * 10, 1, now(), now()
                 FROM bench_client c, generate_series(1, %(orders)s) k
                WHERE k <= %(orders)s / 2 OR c.rank %% 20 != 0""",
            # The successor's first e-mail, on nine clients in ten.
            """INSERT INTO mail_message (model, res_id, author_id, message_type, subtype_id,
                          body, date, create_date, write_date)
               SELECT 'res.partner', c.id, %(successor_partner)s, 'comment', %(comment)s,
                      '<p>Hello</p>', now() - interval '190 days', now(), now()
                 FROM bench_client c WHERE c.rank %% 10 != 0""",
        ]
        for statement in statements:
            cr.execute(SQL(statement, **params))
        cr.commit()
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


def refresh(odoo, registry):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        before = cr.sql_log_count
        start = time.perf_counter()
        env["custody.handover.outcome"]._refresh()
        env.flush_all()
        cr.commit()
        elapsed = time.perf_counter() - start
        queries = cr.sql_log_count - before
        statuses = dict(env["custody.handover.outcome"]._read_group([], ["status"], ["__count"]))
    return elapsed, queries, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=10000)
    args = parser.parse_args()
    odoo, registry = _odoo(args.config, args.db)
    tag = str(int(time.time()))
    start = time.perf_counter()
    build(odoo, registry, args.clients, tag)
    print(
        f"built {args.clients:,} handed-over clients, {args.clients * ORDERS:,} orders "
        f"(less the lost ones' after) in {time.perf_counter() - start:.1f} s"
    )
    for run in ("first refresh (figures and to-dos)", "second refresh (nightly)"):
        elapsed, queries, statuses = refresh(odoo, registry)
        print(f"{run}: {elapsed:.2f} s, {queries} SQL statements, outcomes {statuses}")


if __name__ == "__main__":
    main()
