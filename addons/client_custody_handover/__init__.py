from . import controllers, models, report, states, wizards
from .hooks import pre_init_hook
