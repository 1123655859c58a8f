"""The handover's states and the sets of them, named once.

Every file that tests a handover's or a line's state imports its set from here (models, SQL,
reports, the exit and WeCom addons): a set spelled out again elsewhere drifts.
"""

RUNNING_STATES = ("draft", "to_approve", "in_progress")
HANDOVER_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
LINE_STATES = (
    "draft",
    "waiting",
    "accepted",
    "refused",
    "over_capacity",
    "successor_left",
    "cancelled",
)
# A client in a line in one of these is still on its way to a successor (in a running handover:
# a handover completes once all its lines are accepted or cancelled).
OPEN_LINE_STATES = ("draft", "waiting", "refused", "over_capacity", "successor_left")
CLOSED_LINE_STATES = ("accepted", "cancelled")
# Lines the handover launched and did not give up: the client was proposed to a successor (told
# or not yet), accepted, or waits in the reassignment queue. WeCom's reconciliation compares them.
LAUNCHED_LINE_STATES = tuple(s for s in LINE_STATES if s not in ("draft", "cancelled"))
# Lines whose client waits for a (new) successor: the reassignment queue.
REASSIGNABLE_STATES = ("refused", "over_capacity", "successor_left")
# How a client was told of its new contact; the refusal window counts from then. "legacy":
# accepted before this was recorded (set by the 19.0.2.1.0 migration, told_at = accepted_on).
TOLD_CHANNELS = [
    ("email", "Notice e-mailed"),
    ("wecom", "WeCom transfer"),
    ("call", "Call by the successor"),
    ("visit", "Visit by the successor"),
    ("legacy", "Before told was recorded"),
]
# The notice is rendered once per (handover, successor, language); these markers are then
# replaced per client with the client's own (escaped) values.
NOTICE_CLIENT, NOTICE_DEADLINE, NOTICE_URL = (
    "@@custody-client@@",
    "@@custody-deadline@@",
    "@@custody-decline-url@@",
)
# Lines whose successor, client or decision can no longer change (the client was told of the
# successor, or the line is closed).
LOCKED_LINE_STATES = ("waiting", "accepted", "cancelled")

# The allowed moves of each state machine: {from state: to states}. The one writer of each
# (``custody.handover.line._set_state``, ``custody.handover._set_state``,
# ``custody.handover.item._set_state``) refuses any other move; staying in a state is a no-op.
LINE_TRANSITIONS = {
    # started: notified, retained (accepted), over capacity, successor no longer eligible
    "draft": ("waiting", "accepted", "over_capacity", "successor_left", "cancelled"),
    "waiting": ("accepted", "refused", "over_capacity", "successor_left", "cancelled"),
    # the reassignment queue: proposed again (or over capacity again), or given up
    "refused": ("waiting", "over_capacity", "successor_left", "cancelled"),
    "over_capacity": ("waiting", "refused", "successor_left", "cancelled"),
    "successor_left": ("waiting", "over_capacity", "refused", "cancelled"),
    "accepted": (),
    "cancelled": (),
}
HANDOVER_TRANSITIONS = {
    "draft": ("to_approve", "in_progress", "cancel"),
    "to_approve": ("in_progress", "cancel"),
    "in_progress": ("done", "cancel"),
    "done": (),
    "cancel": (),
}
ITEM_TRANSITIONS = {
    "pending": ("returned", "waived"),
    "returned": ("pending",),
    "waived": ("pending",),
}
