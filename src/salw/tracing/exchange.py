"""Exchange of a request and its answer between installations, as a documented JSON document.

`export_document` writes the request's content (every field of `CONTENT`), both States by ISO
alpha-3 code, and its answers and closing; `import_document` takes one in: on the requested
State's installation it records the request as received (drafted and sent, by the importing
officer, marked "by exchange"); on the requesting State's installation it adds the answers it
does not hold yet. The document's fields are listed in docs/tracing.md.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.states.models import State
from salw.tracing.choices import AnswerKind, Step
from salw.tracing.models import CONTENT_FIELDS, TracingEvent, TracingRequest
from salw.tracing.services import check_content

FORMAT = "salw-tracing-request/1"
EXCHANGED_STEPS = (Step.ANSWERED, Step.CLOSED)
EVENT_FIELDS = ("answer_kind", "reason", "text", "released", "diversion_established",
                "diversion_where", "diversion_when", "diversion_how")  # fmt: skip


def export_document(request: TracingRequest) -> dict[str, Any]:
    content = {name: getattr(request, name) for name in CONTENT_FIELDS}
    content["found_on"] = request.found_on.isoformat()
    return {
        "format": FORMAT,
        "reference": request.reference,
        "requesting_state": request.requesting_state.iso3,
        "requested_state": request.requested_state.iso3,
        "request": content,
        "events": [
            {"step": e.step, "at": e.at.isoformat(), **{f: getattr(e, f) for f in EVENT_FIELDS}}
            for e in request.events.filter(step__in=EXCHANGED_STEPS)
        ],
    }


def _state(code: Any, field: str) -> State:
    state = State.objects.filter(iso3=str(code or "").upper()).first()
    if state is None:
        raise ValidationError({field: _("No State with the code %(code)s.") % {"code": code}})
    return state


@transaction.atomic
def import_document(document: dict[str, Any], *, actor: Any) -> TracingRequest:
    """Take in a request (on the requested State's side) or its answers (on the requester's)."""
    if not actor.is_authenticated or not actor.has_role(Role.TRACING_OFFICER):
        raise PermissionDenied
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError({"format": _("This is not a salw tracing request document.")})
    requesting = _state(document.get("requesting_state"), "requesting_state")
    requested = _state(document.get("requested_state"), "requested_state")
    reference = str(document.get("reference") or "")[:40]
    if actor.state_id == requested.pk:
        return _receive(document, reference, requesting, requested, actor)
    if actor.state_id == requesting.pk:
        return _answers(document, reference, requested, actor)
    raise PermissionDenied


def _receive(
    document: dict[str, Any], reference: str, requesting: State, requested: State, actor: Any
) -> TracingRequest:
    if TracingRequest.objects.filter(reference=reference, requested_state=requested).exists():
        raise ValidationError({"reference": _("This request is already here.")})
    content = {k: v for k, v in (document.get("request") or {}).items() if k in CONTENT_FIELDS}
    content["found_on"] = parse_date(str(content.get("found_on") or ""))
    if content["found_on"] is None:
        raise ValidationError({"found_on": _("The date seized, found or surrendered is missing.")})
    check_content(content)
    request = TracingRequest(
        reference=reference,
        requesting_state=requesting,
        requested_state=requested,
        created_by=actor,
        **content,
    )
    request.full_clean()  # choices and lengths, as if typed here
    request.save()
    note = _("Received by exchange from %(state)s.") % {"state": requesting.iso3}
    for step in (Step.DRAFTED, Step.SENT):
        TracingEvent.objects.create(
            request=request, step=step, actor=actor, state=requesting, text=note
        )
    return request


def _answers(
    document: dict[str, Any], reference: str, requested: State, actor: Any
) -> TracingRequest:
    request = (
        TracingRequest.objects.visible_to(actor)
        .filter(reference=reference, requested_state=requested)
        .first()
    )
    if request is None:
        raise ValidationError({"reference": _("No request of yours has this reference.")})
    held = request.events.filter(step=Step.ANSWERED).count()
    answers = [e for e in document.get("events") or [] if e.get("step") == Step.ANSWERED]
    for event in answers[held:]:
        if event.get("answer_kind") not in AnswerKind.values:
            raise ValidationError({"answer_kind": _("An answer's kind is not known.")})
        TracingEvent.objects.create(
            request=request,
            step=Step.ANSWERED,
            actor=actor,
            state=requested,
            text=str(event.get("text") or ""),
            answer_kind=event["answer_kind"],
            reason=str(event.get("reason") or ""),
            released=event.get("released") or {},
        )
    return request
