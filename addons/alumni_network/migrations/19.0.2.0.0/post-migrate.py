"""19.0.2.0.0: consent moves from two fields of the member to consent records.

Each member's recorded consent (``consent_date`` and ``consent_channel`` columns of 19.0.1) becomes
consent records for the purposes it covered then: personal contact and greetings (the old consent
let the officer contact the alumnus and the crons send greetings). An opted-out member's consent
is migrated as withdrawn. The private contacts of existing members are marked private, so the
new record rules protect them, and each member gets its own feedback link secret.
"""

from odoo import api
from odoo.tools import SQL, sql

LEGACY_PURPOSES = ("contact", "greetings")
CHANNELS = {"email", "phone", "wechat", "in_person", "paper"}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    cr.execute(
        SQL(
            "UPDATE res_partner SET alumni_private = TRUE WHERE id IN "
            "(SELECT partner_id FROM alumni_member WHERE partner_id IS NOT NULL)"
        )
    )
    # The new feedback secret was filled with one default for every existing member: give each
    # member its own, or one alumnus could write in another's name.
    cr.execute(
        SQL(
            "UPDATE alumni_member SET feedback_token = md5(random()::text || id::text || "
            "clock_timestamp()::text) WHERE state != 'anonymized'"
        )
    )
    if not sql.column_exists(cr, "alumni_member", "consent_date"):
        return
    has_channel = sql.column_exists(cr, "alumni_member", "consent_channel")
    cr.execute(
        SQL(
            """
        SELECT m.id, m.consent_date, %(channel)s, m.state
          FROM alumni_member m
         WHERE m.consent_date IS NOT NULL
           AND m.state != 'anonymized'
           AND NOT EXISTS (SELECT 1 FROM alumni_consent c WHERE c.member_id = m.id)
        """,
            channel=SQL("m.consent_channel") if has_channel else SQL("NULL"),
        )
    )
    rows = cr.fetchall()
    vals_list = []
    for member_id, consent_date, channel, state in rows:
        for purpose in LEGACY_PURPOSES:
            vals_list.append(
                {
                    "member_id": member_id,
                    "purpose": purpose,
                    "channel": channel if channel in CHANNELS else "other",
                    "date": consent_date,
                    "evidence": f"Consent recorded on the member before version 19.0.2 "
                    f"(channel: {channel or 'not recorded'}).",
                    "state": "withdrawn" if state == "opted_out" else "given",
                }
            )
    # Migrated as they were: no opted-out member is reactivated, no data copied.
    consents = (
        env["alumni.consent"]
        .with_context(tracking_disable=True, alumni_migrating=True)
        .create(vals_list)
    )
    consents.member_id.modified(["consent_ids"])
    env.flush_all()
    if has_channel:
        cr.execute(SQL("ALTER TABLE alumni_member DROP COLUMN consent_channel"))
