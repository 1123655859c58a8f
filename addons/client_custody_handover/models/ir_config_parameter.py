from odoo import api, models
from odoo.exceptions import ValidationError

from .custody_handover_lanes import BATCH_SIZE_KEY, LANE_PARAMS


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.constrains("key", "value")
    def _check_custody_lane_params(self):
        """The lanes' parameters are checked where they are set (a stored bad value would
        otherwise only be noticed by the batches, which fall back to the default)."""
        labels = {BATCH_SIZE_KEY: self.env._("The handover batch size")}
        for param in self.filtered(lambda p: p.key in LANE_PARAMS):
            _default, low, high = LANE_PARAMS[param.key]
            value = (param.value or "").strip()
            if not (value.isdigit() and low <= int(value) <= high):
                raise ValidationError(
                    self.env._(
                        "%(what)s (%(key)s) must be a whole number from %(low)s to %(high)s, "
                        "not %(value)s.",
                        what=labels[param.key],
                        key=param.key,
                        low=low,
                        high=high,
                        value=param.value,
                    )
                )
