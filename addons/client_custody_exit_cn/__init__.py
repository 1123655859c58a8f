from . import models, report, wizards
from .hooks import _post_init_hook, _pre_init_hook
