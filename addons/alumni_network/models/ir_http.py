import psycopg2

from odoo import models
from odoo.exceptions import ValidationError
from odoo.http import request


class IrHttp(models.AbstractModel):
    """Messages of an RPC call in the language of the user who makes it, on every path.

    Odoo builds the message of a violated unique constraint (a duplicate) in ``retrying``, with
    the environment the request had *before* it was authenticated: for an API-key call
    (``/json/2``) that is no user and the HTTP client's Accept-Language, so a zh_CN user got
    "A tag with this name already exists." in English; an API-key call also ran the method
    itself in that language. Both are put right once the user is known.

    client_custody and alumni_network each ship this override (either can be installed without
    the other); the two are the same code and each step is idempotent.
    """

    _inherit = "ir.http"

    @classmethod
    def _auth_method_bearer(cls):
        """An API key speaks its user's language and timezone, as a web session does from login
        (a ``context`` the caller sends with the call still applies on top)."""
        res = super()._auth_method_bearer()
        if request.env.uid and not request.session.uid:
            request.update_context(**request.env["res.users"].context_get())
        return res

    @classmethod
    def _dispatch(cls, endpoint):
        """Run the call and flush its writes while the user's environment is at hand, so that
        a violated database constraint is reported in the user's language (what ``retrying``
        would report, as it would: the transaction rolled back, a ValidationError)."""
        if (
            "__model__" in request.params
            and "__method__" in request.params
            and request.env.uid
            and isinstance(request.params.get("context") or {}, dict)
        ):
            # /json/2 replaces the environment's context by the one the call sends (none: no
            # language at all), so the method ran in English for everyone. The user's context
            # comes first; what the caller sends still wins.
            request.params["context"] = {
                **request.env["res.users"].context_get(),
                **(request.params.get("context") or {}),
            }
        try:
            result = super()._dispatch(endpoint)
            env = request.env
            if env and env.uid and not env.cr.readonly:
                env.cr.flush()
        except psycopg2.IntegrityError as exc:
            env = request.env
            env.cr.rollback()
            env.transaction.reset()
            model = env["base"]
            for rclass in env.registry.values():
                if exc.diag.table_name == rclass._table:
                    model = env[rclass._name]
                    break
            raise ValidationError(
                env._("The operation cannot be completed: %s", model._sql_error_to_message(exc))
            ) from exc
        return result
