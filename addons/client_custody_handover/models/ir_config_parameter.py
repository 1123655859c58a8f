from odoo import api, models
from odoo.exceptions import ValidationError

from .custody_handover_lanes import MAX_BATCH_SIZE

BATCH_SIZE_KEY = "client_custody.batch_size"


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.constrains("key", "value")
    def _check_custody_batch_size(self):
        """The batch size is checked where it is set (a stored bad value would otherwise only
        be noticed by the batches, which fall back to the default)."""
        for param in self.filtered(lambda p: p.key == BATCH_SIZE_KEY):
            value = (param.value or "").strip()
            if not (value.isdigit() and 1 <= int(value) <= MAX_BATCH_SIZE):
                raise ValidationError(
                    self.env._(
                        "The handover batch size (%(key)s) must be a whole number from 1 to "
                        "%(max)s, not %(value)s.",
                        key=BATCH_SIZE_KEY,
                        max=MAX_BATCH_SIZE,
                        value=param.value,
                    )
                )
