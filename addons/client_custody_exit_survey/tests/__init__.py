from . import test_exit_interview, test_exit_interview_rpc
