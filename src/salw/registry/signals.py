"""Signals the registry sends for work that bypasses model saves."""

from django.dispatch import Signal

# Sent after an import inserted a batch of marks directly (no `post_save` per mark), with
# `state_id` and `keys`, a list of (mark id, normalised serial), so that search keys kept
# elsewhere can follow without reading the marks back.
markings_imported = Signal()
