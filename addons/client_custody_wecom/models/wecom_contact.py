import re
from datetime import datetime, timezone

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
GET_BY_USER = "externalcontact/batch/get_by_user"
GET_CONTACT = "externalcontact/get"
# WeCom's limits for batch/get_by_user: userids per call, contacts per page.
USERIDS_PER_CALL = 100
PAGE_SIZE = 100


def mobile_key(number):
    """The last 11 digits: +86 138-0013-8000 and 13800138000 are one number."""
    digits = re.sub(r"\D", "", number or "")
    return digits[-11:] if len(digits) >= 7 else False


def from_epoch(value):
    if not value:
        return False
    return datetime.fromtimestamp(int(value), timezone.utc).replace(tzinfo=None)


RECONCILE_STATES = [
    ("agree", "WeCom and Odoo agree"),
    ("differ", "Custodian does not follow in WeCom"),
    ("no_custodian", "No custodian in Odoo"),
    ("unmatched", "No client matched"),
]


class WecomContact(models.Model):
    """A WeCom external contact (客户) of the company, with the members who follow it."""

    _name = "wecom.contact"
    _description = "WeCom External Contact"
    _order = "name, id"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    external_userid = fields.Char(string="External userid", required=True, readonly=True)
    name = fields.Char(required=True)
    corp_name = fields.Char(string="Company (short name)")
    corp_full_name = fields.Char(string="Company (full name)")
    contact_type = fields.Selection(
        [("1", "WeChat user"), ("2", "WeCom user")], string="Account type", readonly=True
    )
    mobile = fields.Char(help="From the followers' remark mobiles.")
    email = fields.Char(help="Found in the followers' descriptions.")
    partner_id = fields.Many2one(
        "res.partner", string="Client", index="btree_not_null", ondelete="set null"
    )
    match_method = fields.Selection(
        [
            ("mobile", "Mobile"),
            ("email", "E-mail"),
            ("company", "Company name"),
            ("manual", "By hand"),
            ("created", "Created from WeCom"),
        ],
        readonly=True,
    )
    follow_ids = fields.One2many("wecom.contact.follow", "contact_id", string="Followed by")
    follower_names = fields.Char(compute="_compute_follower_names", string="WeCom followers")
    # Not stored: a stored field depending on the clients' custodian would add queries to
    # every custody move (handover batches); read and searched here on demand instead.
    custodian_id = fields.Many2one(
        "hr.employee",
        string="Custodian in Odoo",
        compute="_compute_reconcile_state",
        compute_sudo=True,
    )
    reconcile_state = fields.Selection(
        RECONCILE_STATES,
        compute="_compute_reconcile_state",
        search="_search_reconcile_state",
        compute_sudo=True,
    )
    needs_refresh = fields.Boolean(
        readonly=True, help="Known from a callback only: the next import fills in its details."
    )

    _external_unique = models.UniqueIndex(
        "(company_id, external_userid)",
        lambda env, diag=None: env._("An external contact is imported once per company."),
    )

    @api.depends("follow_ids.userid", "follow_ids.employee_id")
    def _compute_follower_names(self):
        for contact in self:
            contact.follower_names = ", ".join(
                follow.employee_id.name or follow.userid for follow in contact.follow_ids
            )

    @api.depends(
        "partner_id.commercial_partner_id.custodian_id", "follow_ids.employee_id", "partner_id"
    )
    def _compute_reconcile_state(self):
        for contact in self:
            # The custodian in the contact's company (the one WeCom corp belongs to).
            custodian = (
                contact.partner_id.commercial_partner_id.with_company(contact.company_id)
                .sudo()
                .custodian_id
            )
            contact.custodian_id = custodian
            if not contact.partner_id:
                contact.reconcile_state = "unmatched"
            elif not custodian:
                contact.reconcile_state = "no_custodian"
            elif custodian in contact.follow_ids.employee_id:
                contact.reconcile_state = "agree"
            else:
                contact.reconcile_state = "differ"

    def _search_reconcile_state(self, operator, value):
        """The same rule as the compute, in one query (WeCom follower vs Odoo custodian)."""
        if operator not in ("in", "not in", "=", "!="):
            return NotImplemented
        states = [value] if isinstance(value, str) else list(value or [])
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT c.id FROM wecom_contact c
                     LEFT JOIN res_partner p ON p.id = c.partner_id
                     LEFT JOIN custody_client cc ON cc.partner_id = p.commercial_partner_id
                                                AND cc.company_id = c.company_id
                    WHERE CASE
                          WHEN c.partner_id IS NULL THEN 'unmatched'
                          WHEN cc.custodian_id IS NULL THEN 'no_custodian'
                          WHEN EXISTS (SELECT 1 FROM wecom_contact_follow f
                                        WHERE f.contact_id = c.id
                                          AND f.employee_id = cc.custodian_id) THEN 'agree'
                          ELSE 'differ' END = ANY(%s)""",
                states,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return [("id", "in" if operator in ("in", "=") else "not in", ids)]

    def write(self, vals):
        if "partner_id" in vals and "match_method" not in vals:
            vals = dict(vals, match_method="manual" if vals["partner_id"] else False)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_match(self):
        """Match the selected contacts without a client (mobile, then e-mail, then company)."""
        self._wecom_match()
        return True

    def action_create_partner(self):
        """A client for each selected contact nobody could match: its company, else itself."""
        todo = self.filtered(lambda c: not c.partner_id)
        if not todo:
            raise UserError(self.env._("The selected WeCom contacts already have a client."))
        partners = self.env["res.partner"].create(
            [
                {
                    "name": contact.corp_full_name or contact.corp_name or contact.name,
                    "is_company": bool(contact.corp_full_name or contact.corp_name),
                    "phone": contact.mobile,
                    "email": contact.email,
                    "company_id": contact.company_id.id,
                }
                for contact in todo
            ]
        )
        for contact, partner in zip(todo, partners, strict=True):
            contact.write({"partner_id": partner.id, "match_method": "created"})
        return True

    @api.model
    def action_import_all(self):
        """Import the external contacts of every member of the current company, then show
        those no client could be matched to."""
        self._wecom_import(self.env.company)
        return self.env["ir.actions.act_window"]._for_xml_id(
            "client_custody_wecom.wecom_contact_action_unmatched"
        )

    # ------------------------------------------------------------------
    # Import and matching
    # ------------------------------------------------------------------
    @api.model
    def _wecom_import(self, company, employees=None):
        """Import the external contacts followed by ``employees`` (default: every member with
        a WeCom userid), ≤ 100 userids a call and 100 contacts a page, then match new ones.

        Returns the contacts seen.
        """
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        if employees is None:
            employees = Employee.search(
                [("company_id", "=", company.id), ("wecom_userid", "!=", False)]
            )
        employees = employees.sudo().filtered("wecom_userid")
        by_userid = {employee.wecom_userid: employee for employee in employees}
        entries = []
        for chunk in split_every(USERIDS_PER_CALL, sorted(by_userid)):
            cursor = ""
            while True:
                answer = self.env["wecom.api"]._call(
                    company,
                    GET_BY_USER,
                    {"userid_list": list(chunk), "cursor": cursor, "limit": PAGE_SIZE},
                    count=len(chunk),
                )
                if answer.get("errcode"):
                    raise UserError(self.env["wecom.transfer"]._errcode_message(answer))
                entries.extend(answer.get("external_contact_list") or [])
                cursor = answer.get("next_cursor")
                if not cursor:
                    break
        contacts = self._wecom_store(company, entries, by_userid)
        contacts._wecom_match()
        return contacts

    @api.model
    def _wecom_store(self, company, entries, by_userid):
        """Upsert the contacts of ``entries`` and replace the follows of the imported members."""
        infos, follows = {}, []
        for entry in entries:
            contact = entry.get("external_contact") or {}
            follow = entry.get("follow_info") or {}
            external_userid = contact.get("external_userid")
            if not external_userid:
                continue
            info = infos.setdefault(
                external_userid,
                {
                    "name": contact.get("name") or external_userid,
                    "corp_name": contact.get("corp_name") or follow.get("remark_corp_name"),
                    "corp_full_name": contact.get("corp_full_name"),
                    "contact_type": str(contact.get("type") or "1"),
                    "mobile": False,
                    "email": False,
                    "needs_refresh": False,
                },
            )
            mobiles = follow.get("remark_mobiles") or []
            info["mobile"] = info["mobile"] or (mobiles[0] if mobiles else False)
            found = EMAIL.search(follow.get("description") or "")
            info["email"] = info["email"] or (found.group(0) if found else False)
            follows.append((external_userid, follow))
        existing = self.sudo().search(
            [("company_id", "=", company.id), ("external_userid", "in", list(infos))]
        )
        by_external = {contact.external_userid: contact for contact in existing}
        for contact in existing:
            info = infos[contact.external_userid]
            changed = {key: value for key, value in info.items() if contact[key] != value}
            if changed:
                contact.write(changed)
        new = self.sudo().create(
            [
                dict(info, company_id=company.id, external_userid=external_userid)
                for external_userid, info in infos.items()
                if external_userid not in by_external
            ]
        )
        by_external.update({contact.external_userid: contact for contact in new})
        Follow = self.env["wecom.contact.follow"].sudo()
        Follow.search([("company_id", "=", company.id), ("userid", "in", list(by_userid))]).unlink()
        Follow.create(
            [
                {
                    "contact_id": by_external[external_userid].id,
                    "userid": follow.get("userid"),
                    "employee_id": by_userid.get(follow.get("userid"), Follow.employee_id).id,
                    "remark": follow.get("remark"),
                    "description": follow.get("description"),
                    "tags": ", ".join(follow.get("tag_id") or []),
                    "remark_mobiles": ", ".join(follow.get("remark_mobiles") or []),
                    "followed_since": from_epoch(follow.get("createtime")),
                }
                for external_userid, follow in follows
                if follow.get("userid")
            ]
        )
        return self.browse(contact.id for contact in by_external.values())

    def _wecom_match(self):
        """Link contacts without a client to res.partner: mobile, else e-mail, else company
        name (one company of that name only). Three queries whatever the number."""
        todo = self.filtered(lambda c: not c.partner_id)
        if not todo:
            return
        self.env["res.partner"].flush_model(["phone", "email", "name", "is_company"])
        found = {}
        mobiles = {c.id: mobile_key(c.mobile) for c in todo if mobile_key(c.mobile)}
        if mobiles:
            self.env.cr.execute(
                SQL(
                    """SELECT RIGHT(regexp_replace(phone, '\\D', '', 'g'), 11), MIN(id)
                         FROM res_partner
                        WHERE active AND phone IS NOT NULL
                          AND RIGHT(regexp_replace(phone, '\\D', '', 'g'), 11) = ANY(%s)
                        GROUP BY 1""",
                    list(set(mobiles.values())),
                )
            )
            by_mobile = dict(self.env.cr.fetchall())
            for contact_id, key in mobiles.items():
                if key in by_mobile:
                    found[contact_id] = (by_mobile[key], "mobile")
        emails = {c.id: c.email.strip().lower() for c in todo if c.email and c.id not in found}
        if emails:
            self.env.cr.execute(
                SQL(
                    """SELECT lower(email), MIN(id) FROM res_partner
                        WHERE active AND lower(email) = ANY(%s) GROUP BY 1""",
                    list(set(emails.values())),
                )
            )
            by_email = dict(self.env.cr.fetchall())
            for contact_id, key in emails.items():
                if key in by_email:
                    found[contact_id] = (by_email[key], "email")
        names = {
            c.id: (c.corp_full_name or c.corp_name).strip().lower()
            for c in todo
            if (c.corp_full_name or c.corp_name) and c.id not in found
        }
        if names:
            self.env.cr.execute(
                SQL(
                    """SELECT lower(name), MIN(id) FROM res_partner
                        WHERE active AND is_company AND lower(name) = ANY(%s)
                        GROUP BY 1 HAVING COUNT(*) = 1""",
                    list(set(names.values())),
                )
            )
            by_name = dict(self.env.cr.fetchall())
            for contact_id, key in names.items():
                if key in by_name:
                    found[contact_id] = (by_name[key], "company")
        partners = self.env["res.partner"].browse({pid for pid, _method in found.values()})
        commercial = {p.id: p.commercial_partner_id.id for p in partners}
        groups = {}
        for contact_id, (partner_id, method) in found.items():
            groups.setdefault((commercial[partner_id], method), []).append(contact_id)
        for (partner_id, method), ids in groups.items():
            self.browse(ids).write({"partner_id": partner_id, "match_method": method})

    @api.model
    def _wecom_current_followers(self, company, external_userids, members):
        """{external userid: userids following it in WeCom now}: the one read-back of who
        holds a customer in WeCom, for the holder rule.

        The follows of ``members`` (the leaver, the successors) are imported again
        (batch/get_by_user); a customer none of them follows any more is asked for by itself
        (externalcontact/get: every member following it, e.g. one WeCom's admin gave it to),
        and one WeCom no longer knows (84061 and the like) has no follower: lost.
        """
        self._wecom_import(company, members)
        external_userids = set(external_userids)
        followers = {external: set() for external in external_userids}
        for follow in (
            self.env["wecom.contact.follow"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("contact_id.external_userid", "in", list(external_userids)),
                    ("userid", "in", members.mapped("wecom_userid")),
                ]
            )
        ):
            followers[follow.contact_id.external_userid].add(follow.userid)
        Api = self.env["wecom.api"]
        for external in sorted(e for e, userids in followers.items() if not userids):
            cursor = ""
            while True:
                answer = Api._call(
                    company,
                    GET_CONTACT,
                    None,
                    query={"external_userid": external, "cursor": cursor},
                )
                if answer.get("errcode"):
                    break
                followers[external] |= {
                    follow.get("userid") for follow in answer.get("follow_user") or []
                }
                cursor = answer.get("next_cursor")
                if not cursor:
                    break
        return followers

    @api.model
    def _wecom_contacts_of(self, company, userid, partners):
        """The contacts of ``partners`` (their companies) that ``userid`` follows in WeCom."""
        return (
            self.env["wecom.contact.follow"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("userid", "=", userid),
                    (
                        "contact_id.partner_id.commercial_partner_id",
                        "in",
                        partners.commercial_partner_id.ids,
                    ),
                ]
            )
            .contact_id
        )
