"""Log filters: a refusal is an answer, not a fault."""

import logging

from django.core.exceptions import PermissionDenied


class RefusalsWithoutTraceback(logging.Filter):
    """Django logs each page refused with 403 (PermissionDenied) with the exception's
    traceback. The line "Forbidden (Permission denied): /path" says what happened; a traceback
    in the log stays the sign of a real fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
