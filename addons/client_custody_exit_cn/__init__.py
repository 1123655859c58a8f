from . import models, wizards
from .hooks import _post_init_hook, _pre_init_hook
