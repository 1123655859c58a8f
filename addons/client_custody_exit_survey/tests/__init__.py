from . import test_exit_interview
