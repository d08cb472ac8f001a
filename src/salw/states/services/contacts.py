"""Keeping a State's points of contact current."""

from typing import Any

from django.db import transaction

from salw.core.permissions import get_editable_or_404
from salw.states.choices import CONTACT_LIMITS
from salw.states.models import PointOfContact, State

CONTACT_FIELDS = tuple(CONTACT_LIMITS)


@transaction.atomic
def save_point_of_contact(
    state: State, scope: str, values: dict[str, Any], *, actor: Any
) -> PointOfContact:
    """Create or update the State's point of contact for `scope`; the change log keeps the past.
    `confidential` (given by a submitted report) hides even the body from the public.

    Only the State's focal point (or an administrator) may; others get a 404 for the State.
    """
    state = get_editable_or_404(State.objects.all(), actor, read_only_is_404=True, pk=state.pk)
    contact = PointOfContact.objects.filter(state=state, scope=scope).first()
    if contact is None:
        contact = PointOfContact(state=state, scope=scope)
    for field in (*CONTACT_FIELDS, "confidential"):
        if field in values:
            setattr(contact, field, values[field])
    contact.full_clean()
    contact.save()
    return contact
