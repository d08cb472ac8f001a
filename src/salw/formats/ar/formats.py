"""Arabic date-time formats Django does not ship: without them a date-time falls back to the
English pattern with Latin commas ("ديسمبر 7, 2026, 11:49 م"). Dates keep Django's own."""

DATETIME_FORMAT = "j F، Y، H:i"
