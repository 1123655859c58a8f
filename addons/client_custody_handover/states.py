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
# Lines whose client waits for a (new) successor: the reassignment queue.
REASSIGNABLE_STATES = ("refused", "over_capacity", "successor_left")
