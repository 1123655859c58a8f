import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.client_custody.models.custody_guarded_mixin import transition

from ..states import ITEM_TRANSITIONS, RUNNING_STATES

# A written authorisation says something: at least this many letters or digits (a Chinese
# character counts as one), so that "." or "ok" is not taken for the company's decision.
MIN_WAIVER_CHARS = 10
WAIVER_FIELDS = ("waiver_note", "waiver_document", "waiver_document_name")


class CustodyHandoverItem(models.Model):
    """A checklist item of a handover: an account, a device or a document to give back.

    pending → returned | waived (with the company's written authorisation), and back to
    pending; only through ``_set_state``. Once the handover has started, its mandatory items
    stay mandatory and cannot be deleted.
    """

    _name = "custody.handover.item"
    _description = "Handover Checklist Item"
    _inherit = ["custody.guarded.mixin"]
    _order = "handover_id, sequence, id"
    _guarded_fields = ("state", "done_on")

    handover_id = fields.Many2one("custody.handover", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="handover_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    category = fields.Selection(
        [
            ("work_account", "Work account"),
            ("device", "Device"),
            ("document", "Document"),
            ("contract", "Contract"),
            ("voucher", "Voucher"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="Work accounts (work WeChat / WeCom, mailbox, CRM login) are company property and "
        "are returned unless the company authorises otherwise in writing.",
    )
    partner_id = fields.Many2one("res.partner", string="Client")
    mandatory = fields.Boolean(
        default=True, help="Fixed once the handover has started: it then blocks completion."
    )
    state = fields.Selection(
        [("pending", "Pending"), ("returned", "Returned"), ("waived", "Waived")],
        default="pending",
        required=True,
        readonly=True,
    )
    waiver_note = fields.Text(
        string="Written authorisation",
        help="The company's written authorisation to keep this item: who decided, when and why "
        "(or attach the signed document).",
    )
    waiver_document = fields.Binary(
        string="Authorisation document",
        attachment=True,
        help="The signed authorisation to keep this item.",
    )
    waiver_document_name = fields.Char(string="Authorisation file name")
    done_on = fields.Date(readonly=True)
    handover_started = fields.Boolean(compute="_compute_handover_started")
    can_waive = fields.Boolean(compute="_compute_can_waive")
    can_return = fields.Boolean(compute="_compute_can_waive")
    can_reset = fields.Boolean(compute="_compute_can_waive")

    @api.depends("handover_id.state")
    def _compute_handover_started(self):
        for item in self:
            item.handover_started = item.handover_id.state != "draft"

    @api.depends("state", "handover_id.state")
    def _compute_can_waive(self):
        """The buttons ask the same table the writer checks."""
        for item in self:
            open_ = item.handover_id.state in RUNNING_STATES
            item.can_waive = open_ and item._can_transition(ITEM_TRANSITIONS, "waived")
            item.can_return = open_ and item._can_transition(ITEM_TRANSITIONS, "returned")
            item.can_reset = (
                open_
                and item.state != "pending"
                and item._can_transition(ITEM_TRANSITIONS, "pending")
            )

    @api.constrains("state", "waiver_note", "waiver_document")
    def _check_waiver(self):
        for item in self.filtered(lambda i: i.state == "waived"):
            item._check_authorisation()

    @api.model_create_multi
    def create(self, vals_list):
        handovers = self.env["custody.handover"].browse(
            {vals["handover_id"] for vals in vals_list if vals.get("handover_id")}
        )
        if handovers.filtered(lambda h: h.state not in RUNNING_STATES):
            raise UserError(self.env._("The checklist of a closed handover cannot change."))
        return super().create(vals_list)

    def write(self, vals):
        if "mandatory" in vals or "handover_id" in vals:
            started = self.filtered("handover_started")
            if started:
                raise UserError(
                    self.env._(
                        "Once the handover has started, its checklist items stay as they were "
                        "planned (%(items)s).",
                        items=", ".join(started[:10].mapped("name")),
                    )
                )
        if set(vals) & set(WAIVER_FIELDS):
            waived = self.filtered(lambda i: i.state == "waived")
            # "state" is guarded: only the item's own transition writes both together.
            if waived and "state" not in vals:
                raise UserError(
                    self.env._(
                        "The authorisation of a waived item is kept as given (%(items)s): set "
                        "the item back to pending first.",
                        items=", ".join(waived[:10].mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started_mandatory(self):
        started = self.filtered(lambda i: i.mandatory and i.handover_started)
        if started:
            raise UserError(
                self.env._(
                    "Mandatory checklist items of a started handover cannot be deleted: mark "
                    "them returned, or waive them with the company's written authorisation "
                    "(%(items)s).",
                    items=", ".join(started[:10].mapped("name")),
                )
            )

    def action_mark_returned(self):
        self._set_state("returned", {"done_on": fields.Date.context_today(self)})
        self.handover_id._try_complete()

    def action_waive(self):
        """Waive the item on the company's written authorisation (a reason of substance, or
        the signed document attached)."""
        for item in self:
            item._check_authorisation()
        self._set_state("waived", {"done_on": fields.Date.context_today(self)})
        self.handover_id._try_complete()

    def action_reset(self):
        self._set_state("pending", {"done_on": False})

    def _set_state(self, state, vals=None):
        """The one writer of an item's state, checked against ``ITEM_TRANSITIONS``; a closed
        handover's checklist does not change."""
        if self.handover_id.filtered(lambda h: h.state not in RUNNING_STATES):
            raise UserError(self.env._("The checklist of a closed handover cannot change."))
        self._check_transition(ITEM_TRANSITIONS, state)
        vals = dict(vals or {}, state=state)
        transition(self, *vals).write(vals)
        return self

    def _check_authorisation(self):
        self.ensure_one()
        if self.waiver_document:
            return
        substance = re.sub(r"[\W_]+", "", self.waiver_note or "")
        if len(substance) < MIN_WAIVER_CHARS:
            raise ValidationError(
                self.env._(
                    "%(item)s can only be waived with the company's written authorisation: "
                    "attach the signed document, or write who authorised it, when and why "
                    "(at least %(count)s letters or digits).",
                    item=self.name,
                    count=MIN_WAIVER_CHARS,
                )
            )
