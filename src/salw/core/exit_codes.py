"""The exit statuses of every `salw` command, declared once (README, "Exit statuses")."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # The input was refused: a missing or unreadable file, a bad row, field or value, a
    # permission the user does not hold. Nothing was changed.
    REFUSED = 1
    # The command line itself is wrong: an unknown option, a missing argument.
    USAGE = 2
    # `verify-history` found the history altered (a changed, removed or cut-off row).
    HISTORY_ALTERED = 3
    # A fault of salw, not of the user: run again with --traceback and report it.
    INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h
