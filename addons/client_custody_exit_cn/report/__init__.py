from . import report_termination_certificate
