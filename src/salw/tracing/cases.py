"""Cases (ITI para 28): open one, add requests and seized weapons, and the links the system
suggests between requests that share a shipment, an export record or a point of diversion."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.registry.models import Weapon
from salw.tracing.choices import Step
from salw.tracing.models import TracingEvent, TracingRequest
from salw.tracing.models_cases import TracingCase


@transaction.atomic
def open_case(title: str, *, actor: Any) -> TracingCase:
    """Open a case for the actor's State (its tracing officers)."""
    if not actor.is_authenticated or not actor.has_role(Role.TRACING_OFFICER) or not actor.state_id:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the case a title.")})
    return TracingCase.objects.create(
        title=title.strip(), state_id=actor.state_id, created_by=actor
    )


@transaction.atomic
def add_to_case(
    case: TracingCase,
    *,
    actor: Any,
    request: TracingRequest | None = None,
    weapon: Weapon | None = None,
) -> None:
    """Add a request the actor may see, or a weapon of the actor's registry, to the State's case."""
    if not TracingCase.objects.editable_by(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    if request is not None:
        if not TracingRequest.objects.visible_to(actor).filter(pk=request.pk).exists():
            raise PermissionDenied
        case.requests.add(request)
    if weapon is not None:
        if not Weapon.objects.visible_to(actor).filter(pk=weapon.pk).exists():
            raise PermissionDenied
        case.weapons.add(weapon)


def _keys(request_ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    """What each request's answers and closing say about its shipment, export and diversion."""
    keys: dict[int, set[tuple[str, str]]] = {pk: set() for pk in request_ids}
    events = TracingEvent.objects.filter(
        request_id__in=request_ids, step__in=[Step.ANSWERED, Step.CLOSED]
    ).values("request_id", "weapon_id", "released", "diversion_where")
    for event in events:
        found = keys[event["request_id"]]
        export = (event["released"] or {}).get("export") or {}
        if isinstance(export, dict):
            if export.get("licence"):
                found.add(("export", str(export["licence"]).strip().upper()))
            if export.get("destination") and export.get("date"):
                found.add(("shipment", f"{export['destination']}/{export['date']}"))
        if event["diversion_where"].strip():
            found.add(("diversion", event["diversion_where"].strip().casefold()))
        if event["weapon_id"]:
            found.add(("weapon", str(event["weapon_id"])))
    return keys


def suggested_links(request: TracingRequest, user: Any) -> list[tuple[TracingRequest, list[str]]]:
    """Other requests the user may see that share a shipment, an export record (licence), a
    point of diversion or a confirmed weapon with `request`, with what they share."""
    visible = list(TracingRequest.objects.visible_to(user).exclude(pk=request.pk))
    keys = _keys([request.pk, *(r.pk for r in visible)])
    mine = keys[request.pk]
    labels = {
        "export": _("same export licence"),
        "shipment": _("same shipment (destination and date)"),
        "diversion": _("same point of diversion"),
        "weapon": _("same weapon"),
    }
    found = []
    for other in visible:
        shared = sorted({labels[kind] for kind, value in mine & keys[other.pk]})
        if shared:
            found.append((other, shared))
    return found
