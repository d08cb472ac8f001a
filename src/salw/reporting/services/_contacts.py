"""National points of contact (resolution 76/232 para 4)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.core.permissions import require_role
from salw.reporting.models import (
    ContactEntry,
    ContactKind,
    Report,
)
from salw.states.models import State

CONTACT_PARTS = ("title", "name", "organisation", "address", "telephone", "email")


@transaction.atomic
def record_contact(
    state: State,
    kind: str,
    details: dict[str, str],
    *,
    actor: User | None,
    from_report: Report | None = None,
) -> ContactEntry:
    """Record the State's current point of contact (its focal point, or its submitted report)."""
    if from_report is None:
        require_role(actor, Role.FOCAL_POINT)
        if actor is None or actor.state_id != state.pk:
            raise PermissionDenied
    if kind not in ContactKind.values:
        raise ValidationError(_("Unknown kind of point of contact."))
    entry = ContactEntry(
        state=state,
        kind=kind,
        from_report=from_report,
        recorded_by=actor,
        **{part: (details.get(part) or "").strip() for part in CONTACT_PARTS},
    )
    entry.full_clean()
    entry.save()
    return entry


def contacts_from_report(report: Report, actor: User) -> None:
    """Fill the directory from a submitted report's questions 1.2.1 and 1.2.3 (by stable id)."""
    values = {a.question.qid: a.value for a in report.answers.select_related("question")}
    poa = values.get("poa_contact_details")
    iti = values.get("iti_contact_details")
    if values.get("iti_same_contact") == "yes":
        iti = poa
    for kind, details in ((ContactKind.POA, poa), (ContactKind.ITI, iti)):
        if details:
            current = ContactEntry.objects.current().filter(state=report.state, kind=kind).first()
            known = current and all(
                getattr(current, part) == (details.get(part) or "").strip()
                for part in CONTACT_PARTS
            )
            if not known:
                record_contact(report.state, kind, details, actor=actor, from_report=report)
