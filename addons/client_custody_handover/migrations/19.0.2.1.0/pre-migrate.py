"""19.0.2.1.0: nobody is handed over before being told (issue #14).

Before the new CHECK (state <> 'accepted' OR decision = 'retain' OR told_at IS NOT NULL) is
added, every line that needs it gets ``told_at``:

- lines accepted or waiting whose notice was sent were told by e-mail when it was sent
  (``notified_at``);
- lines accepted without a notice ever sent (a zero-hour window, a lagging notices action, a
  client without an e-mail address) were moved untold: they are marked ``legacy``, told_at =
  accepted_on, so that history stays as it happened and is visibly apart from real notices;
- lines still waiting and untold go back to the notices queue (a client without an e-mail
  address now gets their successor's call or visit); their window opens when they are told.
"""

from odoo.addons.client_custody_handover.hooks import record_told_history


def migrate(cr, version):
    if version:
        record_told_history(cr)
