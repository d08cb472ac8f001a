"""Signals the registry sends for work that bypasses model saves."""

from django.dispatch import Signal

# Sent after an import inserted marks directly (no `post_save` per mark), with `state_id` and
# `first_id`: the State's marks from that id on include every mark the import inserted since
# its last sending (and maybe marks saved meanwhile, which the model signals already announced).
# Sent in the transaction of an import batch, every ~100,000 marks and when the import ends, so
# that search keys kept elsewhere are built for many marks at once, in their own order.
markings_imported = Signal()
