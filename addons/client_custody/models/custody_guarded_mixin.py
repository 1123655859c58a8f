"""Fields that only their own transitions write.

A view's ``readonly`` is a hint: an RPC call, an import or a server action writes any field the
caller's access rights allow. A model that keeps a state machine (or figures that only a service
may set) inherits ``custody.guarded.mixin`` and names those fields in ``_guarded_fields``;
``create()`` and ``write()`` then refuse them, for every role and for the superuser too, unless the
call is made inside the model's own transition through :func:`transition`.

The grant travels in the context as an object, not as a value: a JSON-RPC caller can put any
JSON value in its context, but never a Python object, so the grant cannot be forged from outside
the server. It names the model and the fields it allows, so that a transition of one model
does not open the guarded fields of another.
"""

from odoo import api, models
from odoo.exceptions import UserError

GRANT_KEY = "custody_transition_grant"


class TransitionGrant:
    """Which guarded fields of which model the current transition may write."""

    __slots__ = ("fields", "model")

    def __init__(self, model, fields):
        self.model = model
        self.fields = frozenset(fields)

    def allows(self, model, fields):
        return self.model == model and set(fields) <= self.fields

    def __repr__(self):
        return f"TransitionGrant({self.model!r}, {sorted(self.fields)!r})"


def transition(records, *fields):
    """``records`` in an environment whose ``write``/``create`` may set ``fields``.

    Called by a model's own transition methods only, e.g.
    ``transition(self, "severance_state").write({"severance_state": "paid"})``.
    """
    return records.with_context(**{GRANT_KEY: TransitionGrant(records._name, fields)})


class CustodyGuardedMixin(models.AbstractModel):
    _name = "custody.guarded.mixin"
    _description = "Fields written only by their own transitions"

    # The fields that only the model's transitions write (see the module's docstring).
    _guarded_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_guarded_create(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_guarded_fields(set(vals))
        return super().write(vals)

    @api.model
    def _check_guarded_create(self, vals):
        """A new record starts where the model says it starts: guarded fields at their default."""
        touched = set(vals) & set(self._guarded_fields)
        if not touched:
            return
        defaults = self.default_get(list(touched))
        differing = {
            fname for fname in touched if (vals[fname] or False) != (defaults.get(fname) or False)
        }
        self._check_guarded_fields(differing)

    def _check_transition(self, table, new_state, fname="state"):
        """Refuse moving these records to ``new_state`` unless ``table`` ({from state: to
        states}) allows it from each record's current state; staying in a state is allowed.

        The one check of a state machine's moves, called by its one writer; the buttons'
        visibility asks the same table (``_can_transition``)."""
        wrong = self.filtered(lambda rec: not rec._can_transition(table, new_state, fname))
        if not wrong:
            return
        field = self._fields[fname]
        labels = dict(field._description_selection(self.env))
        raise UserError(
            self.env._(
                "%(records)s cannot go from %(from_state)s to %(to_state)s.",
                records=", ".join(wrong[:10].mapped("display_name")),
                from_state=", ".join(sorted({labels.get(rec[fname], rec[fname]) for rec in wrong})),
                to_state=labels.get(new_state, new_state),
            )
        )

    def _can_transition(self, table, new_state, fname="state"):
        """Whether this record may move to ``new_state`` by ``table``."""
        self.ensure_one()
        return self[fname] == new_state or new_state in table.get(self[fname], ())

    def _check_guarded_fields(self, fnames):
        touched = set(fnames) & set(self._guarded_fields)
        if not touched:
            return
        grant = self.env.context.get(GRANT_KEY)
        if isinstance(grant, TransitionGrant) and grant.allows(self._name, touched):
            return
        labels = ", ".join(
            sorted(self._fields[fname]._description_string(self.env) for fname in touched)
        )
        raise UserError(
            self.env._(
                "%(fields)s of %(model)s change only through their own actions (the buttons "
                "of the form), never by a direct edit, an import or an RPC write.",
                fields=labels,
                model=self.env["ir.model"].sudo()._get(self._name).name,
            )
        )
