"""National marking practices (resolution 76/232 para 4)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.core.permissions import require_role
from salw.reporting.models import MarkElement, MarkingPractice, MarkKind, Report
from salw.states.models import State

PRACTICE_FIELDS = ("elements", "location", "polymer_and_modular", "description", "example_image")
# Import-mark options of the template → elements of the directory.
_IMPORT_ELEMENTS = {"country": "import_country", "year": "import_year", "other": "other"}


@transaction.atomic
def record_marking_practice(
    state: State,
    kind: str,
    details: dict[str, Any],
    *,
    actor: User | None,
    from_report: Report | None = None,
) -> MarkingPractice:
    """Record how the State marks weapons on one occasion (its focal point, or its report)."""
    if from_report is None:
        require_role(actor, Role.FOCAL_POINT)
        if actor is None or actor.state_id != state.pk:
            raise PermissionDenied
    elements = list(details.get("elements") or [])
    unknown = [e for e in elements if e not in MarkElement.values]
    if kind not in MarkKind.values or unknown:
        raise ValidationError(_("Unknown kind of mark or element of a mark."))
    practice = MarkingPractice(
        state=state,
        kind=kind,
        from_report=from_report,
        recorded_by=actor,
        elements=[e for e in MarkElement.values if e in elements],
        **{name: (details.get(name) or "").strip() for name in PRACTICE_FIELDS[1:]},
    )
    practice.full_clean()
    practice.save()
    return practice


def marking_from_report(report: Report, actor: User) -> None:
    """Fill the marking practices from a submitted report's answers (by stable question id)."""
    values = {a.question.qid: a.value for a in report.answers.select_related("question")}
    description = values.get("marking_practices") or ""
    found: dict[str, dict[str, Any]] = {}
    if values.get("manufacture_marking_required") == "yes":
        found[MarkKind.MANUFACTURE] = {
            "elements": values.get("manufacture_mark_content") or [],
            "location": values.get("manufacture_mark_part") or "",
            "polymer_and_modular": values.get("manufacture_mark_polymer") or "",
            "description": description,
        }
    if values.get("import_marking_required") == "yes":
        found[MarkKind.IMPORT] = {
            "elements": [_IMPORT_ELEMENTS[e] for e in values.get("import_mark_content") or []],
            "description": description,
        }
    if values.get("civilian_transfer_marking") == "yes":
        found[MarkKind.CIVILIAN_TRANSFER] = {"elements": ["state"]}
    if values.get("state_forces_marking") == "yes":
        found[MarkKind.STATE_FORCES] = {"elements": ["state"]}
    for kind, details in found.items():
        current = MarkingPractice.objects.current().filter(state=report.state, kind=kind).first()
        same = current is not None and all(
            getattr(current, name) == (details.get(name) or ([] if name == "elements" else ""))
            for name in PRACTICE_FIELDS
        )
        if not same:
            record_marking_practice(report.state, kind, details, actor=actor, from_report=report)
