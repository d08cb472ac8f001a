"""Cases (ITI para 28): open one, add requests and seized weapons, and the links the system
suggests between requests that share a shipment, an export record or a point of diversion."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.core.permissions import writer_state_id
from salw.registry.models import Weapon
from salw.tracing.choices import Step
from salw.tracing.models import TracingEvent, TracingRequest
from salw.tracing.models_cases import TracingCase


@transaction.atomic
def open_case(title: str, *, actor: Any) -> TracingCase:
    """Open a case for the actor's State (its tracing officers)."""
    state_id = writer_state_id(actor, Role.TRACING_OFFICER)
    if not title.strip():
        raise ValidationError({"title": _("Give the case a title.")})
    return TracingCase.objects.create(title=title.strip(), state_id=state_id, created_by=actor)


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


def shared_labels() -> dict[str, str]:
    """What two requests may share, in words (the keys are the API's `shared` values)."""
    return {
        "export": _("same export licence"),
        "shipment": _("same shipment (destination and date)"),
        "diversion": _("same point of diversion"),
        "weapon": _("same weapon"),
    }


def _sharing(
    keys: set[tuple[str, str]], others: list[TracingRequest]
) -> list[tuple[TracingRequest, list[str]]]:
    """The `others` whose answers share one of `keys`, with the kinds shared, in their order."""
    found_keys = _keys([r.pk for r in others])
    found = []
    for other in others:
        shared = sorted({kind for kind, _value in keys & found_keys[other.pk]})
        if shared:
            found.append((other, shared))
    return found


def suggested_links(request: TracingRequest, user: Any) -> list[tuple[TracingRequest, list[str]]]:
    """Other requests the user may see that share a shipment, an export record (licence), a
    point of diversion or a confirmed weapon with `request`, with what they share (in words)."""
    visible = list(TracingRequest.objects.visible_to(user).exclude(pk=request.pk))
    labels = shared_labels()
    return [
        (other, sorted(labels[kind] for kind in kinds))
        for other, kinds in _sharing(_keys([request.pk])[request.pk], visible)
    ]


@dataclass
class CaseContents:
    """A case as one viewer sees it: only the requests and weapons that viewer may see."""

    case: TracingCase
    requests: list[TracingRequest]
    weapons: list[Weapon]


def case_contents(case: TracingCase, user: Any) -> CaseContents:
    requests = (
        TracingRequest.objects.visible_to(user)
        .with_status()
        .filter(cases=case)
        .select_related("requesting_state", "requested_state")
    )
    weapons = Weapon.objects.visible_to(user).filter(pk__in=case.weapons.values("pk"))
    return CaseContents(case, list(requests), list(weapons))


def case_suggestions(case: TracingCase, user: Any) -> list[tuple[TracingRequest, list[str]]]:
    """Requests the user may see, not in the case, that share a shipment, an export licence, a
    point of diversion or a weapon with a request of the case; with the kinds shared."""
    visible = TracingRequest.objects.visible_to(user).with_status()
    members = list(visible.filter(cases=case).values_list("pk", flat=True))
    if not members:
        return []
    keys: set[tuple[str, str]] = set().union(*_keys(members).values())
    others = list(visible.exclude(cases=case).select_related("requesting_state", "requested_state"))
    return _sharing(keys, others)
