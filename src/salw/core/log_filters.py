"""Filters for the server log.

Django logs every refused request (403, 400) with the exception's traceback. A refusal is the
permission layer or validation doing its work, not a fault: the log keeps its one line
("Forbidden (Permission denied): /path") and keeps tracebacks for what is a fault (5xx), so
that an operator counting tracebacks counts bugs.
"""

import logging

FAULT = 500


class RefusalsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", FAULT) < FAULT:
            record.exc_info = None
            record.exc_text = None
        return True
