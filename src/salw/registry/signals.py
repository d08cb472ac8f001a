"""Signals the registry sends for work that bypasses model saves."""

from django.dispatch import Signal

# Sent after an import inserted a batch of marks directly (no `post_save` per mark), with
# `state_id` and `component_ids`, so that search keys kept elsewhere can follow.
markings_imported = Signal()
