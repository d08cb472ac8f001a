"""Tracing services: matching in the own registry, and requests between States on a clock.

Every write is one function here, called by pages, the API and the CLI alike. Each checks which
side of the request the actor stands on: the requesting State's tracing officers draft, send, ask
and close; the requested State's acknowledge, answer and reply. Every step is a `TracingEvent`.
"""

import datetime
import secrets
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.core.permissions import (
    get_editable_or_404,
    get_visible_or_404,
    require_write,
    writer_state_id,
)
from salw.core.text import clean_text, hidden_character_error
from salw.core.uploads import check_image
from salw.registry.choices import WeaponType
from salw.registry.importer.columns import allowed_values, coded_value
from salw.registry.models import Weapon
from salw.registry.services.reference import match_calibre, match_manufacturer
from salw.registry.services.weapons import check_date, check_year
from salw.states.models import State
from salw.tracing.alerts import (
    alert_lost_or_stolen,
    notify_received,
    notify_step,
    receives_requests,
)
from salw.tracing.choices import AnswerKind, IllicitGround, Priority, Step
from salw.tracing.engine import Candidate, Matches, Reading, match
from salw.tracing.models import (
    CONTENT_FIELDS,
    RequestPhoto,
    RequestView,
    TracingEvent,
    TracingRequest,
)

MATCH_ROLES = (Role.TRACING_OFFICER, Role.RECORD_KEEPER)
REQUEST_ROLES = (Role.TRACING_OFFICER,)
# Which side of a request writes each step: the requesting State drafts, sends, asks and
# closes; the requested State acknowledges, answers and replies. Declared once, for the
# services and the exchange import.
REQUESTING_STEPS = frozenset({Step.DRAFTED, Step.SENT, Step.QUESTION, Step.CLOSED})
REQUESTED_STEPS = frozenset({Step.ACKNOWLEDGED, Step.ANSWERED, Step.REPLY})


def match_in_own_registry(reading: Reading, *, actor: Any, limit: int = 10) -> Matches:
    """Rank the actor's State's recorded weapons against a reading.

    Only the State's tracing officers and record keepers may, and only in their own registry: a
    match in another State's registry is that State's to make, on a tracing request.
    """
    if not actor.is_authenticated or not actor.has_role(*MATCH_ROLES) or not actor.state_id:
        raise PermissionDenied
    candidates = match(actor.state_id, reading, limit=limit)
    alert_lost_or_stolen(actor.state_id, candidates, request=None)
    return candidates


def _officer(actor: Any) -> None:
    writer_state_id(actor, *REQUEST_ROLES)


def writer_of(request: TracingRequest, step: str) -> int:
    """The State whose officers write `step` on `request`."""
    if step in REQUESTING_STEPS:
        return int(request.requesting_state_id)
    return int(request.requested_state_id)


def require_step(request: TracingRequest, step: str, actor: Any) -> None:
    """The one write rule applied to a request's step: the actor is a tracing officer of the
    State that writes this step, and sees the request (the requested State once it is sent)."""
    require_write(actor, writer_of(request, step), *REQUEST_ROLES)
    if not TracingRequest.objects.visible_to(actor).filter(pk=request.pk).exists():
        raise PermissionDenied


def _current(request: TracingRequest) -> TracingRequest:
    """The request again, with its status from the events, locked against a concurrent step."""
    TracingRequest.objects.select_for_update().filter(pk=request.pk).first()
    return TracingRequest.objects.with_status().get(pk=request.pk)


def _check_lengths(model: type[models.Model], data: dict[str, Any]) -> dict[str, list[str]]:
    """Texts longer than their model field allows (the one declaration of each limit)."""
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        try:
            limit = getattr(model._meta.get_field(name), "max_length", None)
        except FieldDoesNotExist:
            continue
        if limit and isinstance(value, str):
            try:
                MaxLengthValidator(limit)(value)
            except ValidationError as refused:
                errors[name] = refused.messages
    return errors


def _check_dates(data: dict[str, Any]) -> dict[str, list[str]]:
    """The date a weapon was seized, found or surrendered, checked as the registry checks an
    event's date: not in the future, in a possible year, not before the year of manufacture."""
    found_on, year = data.get("found_on"), data.get("year_of_manufacture")
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: check_year(year, "year_of_manufacture"),
        lambda: isinstance(found_on, datetime.date) and check_date(found_on, "found_on"),
        lambda: isinstance(found_on, datetime.date) and check_year(found_on.year, "found_on"),
    ):
        try:
            check()
        except ValidationError as refused:
            for name, messages in refused.message_dict.items():
                errors.setdefault(name, messages)
    made = isinstance(year, int) and isinstance(found_on, datetime.date) and found_on.year < year
    if made and "found_on" not in errors and "year_of_manufacture" not in errors:
        errors["found_on"] = [
            _("The weapon was made in %(year)s: it cannot have been found before.") % {"year": year}
        ]
    return errors


def _record(request: TracingRequest, step: str, actor: Any, **facts: Any) -> TracingEvent:
    texts = {name: value for name, value in facts.items() if isinstance(value, str)}
    too_long = _check_lengths(TracingEvent, texts)
    if too_long:
        raise ValidationError(too_long)
    return TracingEvent.objects.create(
        request=request, step=step, actor=actor, state_id=actor.state_id, **facts
    )


def coded_content(data: dict[str, Any]) -> dict[str, Any]:
    """The content with its coded fields taken from the registry's lists, whatever the door:
    a type written in words of any language of the site becomes its code ("手枪" → "pistol"),
    a make or calibre the reference tables know becomes their name ("7,62x39" → "7.62×39
    mm"); anything else is kept as written (the "other" of the lists)."""
    data = dict(data)
    if data.get("weapon_type") and data["weapon_type"] not in WeaponType.values:
        data["weapon_type"] = coded_value(WeaponType, data["weapon_type"]) or data["weapon_type"]
    if data.get("make") and (maker := match_manufacturer(data["make"])):
        data["make"] = maker.name
    if data.get("calibre") and (calibre := match_calibre(data["calibre"])):
        data["calibre"] = calibre.name
    return data


def check_content(data: dict[str, Any]) -> None:
    """The rules of a request's content the form alone cannot hold (also for imports)."""
    errors: dict[str, str] = {}
    grounds = data.get("illicit_grounds") or []
    if not grounds or any(g not in IllicitGround.values for g in grounds):
        errors["illicit_grounds"] = _("Give at least one of the grounds of ITI paragraph 6.")
    if data.get("priority") == Priority.URGENT and not (data.get("urgency_reason") or "").strip():
        errors["urgency_reason"] = _("An urgent request needs a reason for its urgency.")
    if not any(ch.isalnum() for ch in data.get("serial_as_read") or ""):
        errors["serial_as_read"] = _("Give at least one letter or digit of the serial.")
    elif hidden := hidden_character_error(data.get("serial_as_read") or ""):
        errors["serial_as_read"] = hidden
    if not (data.get("intended_use") or "").strip():
        errors["intended_use"] = _("Say how the information will be used.")
    if data.get("weapon_type") and data["weapon_type"] not in WeaponType.values:
        errors["weapon_type"] = _("Choose the type from the list: %(allowed)s.") % {
            "allowed": allowed_values(WeaponType)
        }
    problems: dict[str, Any] = {**_check_dates(data), **_check_lengths(TracingRequest, data)}
    problems.update(errors)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def draft_request(
    data: dict[str, Any], *, requested_states: list[State], actor: Any
) -> list[TracingRequest]:
    """Draft a request to each requested State, sharing one reference (ITI para 17)."""
    _officer(actor)
    data = coded_content(data)
    check_content(data)
    if not requested_states:
        raise ValidationError({"requested_states": _("Choose at least one requested State.")})
    if any(state.pk == actor.state_id for state in requested_states):
        raise ValidationError(
            {"requested_states": _("A State does not send a tracing request to itself.")}
        )
    own = State.objects.get(pk=actor.state_id)
    reference = f"{own.iso3}-{timezone.now():%Y}-{secrets.token_hex(3).upper()}"
    made = []
    for state in requested_states:
        request = TracingRequest.objects.create(
            reference=reference,
            requesting_state=own,
            requested_state=state,
            created_by=actor,
            **data,
        )
        _record(request, Step.DRAFTED, actor)
        made.append(request)
    return made


def draft_to_edit(pk: int, *, actor: Any) -> TracingRequest:
    """The draft `pk` if the actor may edit it: 404 if the actor cannot see it; refused as a
    wrong step if it is the actor's State's request but already sent; 403 otherwise (the
    requested State reads a request, it never writes one)."""
    requests = TracingRequest.objects.with_status().select_related(
        "requesting_state", "requested_state"
    )
    visible = get_visible_or_404(requests, actor, pk=pk)
    if visible.requesting_state_id == actor.state_id and visible.status != Step.DRAFTED:
        _refuse(_("This request was sent: it can no longer be changed."))
    return get_editable_or_404(requests, actor, pk=pk)


@transaction.atomic
def edit_draft(request: TracingRequest, changes: dict[str, Any], *, actor: Any) -> TracingRequest:
    """Change the content of a draft (the requesting State's tracing officers, until it is sent).

    `changes` holds some or all of `CONTENT_FIELDS`; the content they make is checked as a new
    request's is. The change log keeps what the draft said before.
    """
    _officer(actor)
    TracingRequest.objects.select_for_update().filter(pk=request.pk).first()  # against `send`
    draft = draft_to_edit(request.pk, actor=actor)
    unknown = changes.keys() - set(CONTENT_FIELDS)
    if unknown:  # the States, the reference, the author: never changed by an edit
        raise ValueError(f"not a request's content: {sorted(unknown)}")
    changes = coded_content(changes)
    content = {name: getattr(draft, name) for name in CONTENT_FIELDS} | changes
    check_content(content)
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save(update_fields=list(changes))
    return draft


@transaction.atomic
def send_request(request: TracingRequest, *, actor: Any) -> TracingEvent:
    """Send a draft: the clock starts, the requested State's officers are told, and the weapon
    as seen is matched in its registry (hits on lost or stolen weapons alert them). To a State
    with nobody on this installation it is recorded as sent by exchange document
    (`sent_as_document`): the page and the API offer that document to pass on."""
    require_step(request, Step.SENT, actor)
    # The same lock as `edit_draft`: what is sent is the draft as last saved, never half an edit.
    TracingRequest.objects.select_for_update().filter(pk=request.pk).first()
    if not TracingRequest.objects.editable_by(actor).filter(pk=request.pk).exists():
        raise PermissionDenied
    if not receives_requests(request.requested_state_id):
        # Nobody to receive it here: recorded as sent by exchange document, which the requesting
        # officer passes on; the clock starts all the same (the ITI's reasonable time).
        return _record(request, Step.SENT, actor, sent_as_document=True)
    event = _record(request, Step.SENT, actor)
    alert_lost_or_stolen(request.requested_state_id, candidates_for(request), request=request)
    transaction.on_commit(lambda: notify_received(request))
    return event


def _side(request: TracingRequest, actor: Any) -> str:
    """'requesting' or 'requested': which State the actor speaks for on this request."""
    _officer(actor)
    if not TracingRequest.objects.visible_to(actor).filter(pk=request.pk).exists():
        raise PermissionDenied
    return "requesting" if actor.state_id == request.requesting_state_id else "requested"


def _refuse(message: str) -> None:
    raise ValidationError(message, code="wrong_step")


@transaction.atomic
def acknowledge(request: TracingRequest, *, actor: Any) -> TracingEvent:
    """The requested State confirms receipt (ITI: within a reasonable time)."""
    require_step(request, Step.ACKNOWLEDGED, actor)
    if _current(request).status != Step.SENT:
        _refuse(_("Only a request that was sent and not yet acknowledged can be acknowledged."))
    event = _record(request, Step.ACKNOWLEDGED, actor)
    transaction.on_commit(lambda: notify_step(event))
    return event


@transaction.atomic
def answer(
    request: TracingRequest,
    *,
    actor: Any,
    kind: str,
    text: str = "",
    reason: str = "",
    weapon: Weapon | None = None,
    released: dict[str, Any] | None = None,
) -> TracingEvent:
    """The requested State answers: full, partial, delayed or declined (with the ITI's reason).

    `released` is what the officer decided to release, usually edited from `draft_answer`.
    A delayed answer keeps the request open for a later one.
    """
    require_step(request, Step.ANSWERED, actor)
    if _current(request).status not in (Step.SENT, Step.ACKNOWLEDGED):
        _refuse(_("This request is not waiting for an answer."))
    if kind not in AnswerKind.values:
        raise ValidationError({"kind": _("Choose full, partial, delayed or declined.")})
    if kind in (AnswerKind.DECLINED, AnswerKind.DELAYED) and not reason:
        raise ValidationError({"reason": _("A delayed or declined answer needs its reason.")})
    if weapon is not None and weapon.state_id != actor.state_id:
        raise PermissionDenied
    event = _record(
        request,
        Step.ANSWERED,
        actor,
        answer_kind=kind,
        reason=reason,
        text=text,
        weapon=weapon,
        released=released or {},
    )
    if kind == AnswerKind.DELAYED:
        # A delay is an answer that keeps the clock running: the request waits again.
        _record(request, Step.ACKNOWLEDGED, actor, text=_("Answer delayed."))
    transaction.on_commit(lambda: notify_step(event))
    return event


@transaction.atomic
def ask_follow_up(request: TracingRequest, *, actor: Any, text: str) -> TracingEvent:
    """A message in the request's thread: a question from the requester, a reply otherwise."""
    side = _side(request, actor)
    require_step(request, Step.QUESTION if side == "requesting" else Step.REPLY, actor)
    if not text.strip():
        raise ValidationError({"text": _("Write the message.")})
    status = _current(request).status
    if status in (Step.DRAFTED, Step.CLOSED):
        _refuse(_("Messages are for requests that are sent and not yet closed."))
    step = Step.QUESTION if side == "requesting" else Step.REPLY
    event = _record(request, step, actor, text=text)
    transaction.on_commit(lambda: notify_step(event))
    return event


@transaction.atomic
def close_with_feedback(
    request: TracingRequest,
    *,
    actor: Any,
    diversion_established: bool | None,
    where: str = "",
    when: str = "",
    how: str = "",
    text: str = "",
) -> TracingEvent:
    """The requester closes the request and says what the trace established."""
    require_step(request, Step.CLOSED, actor)
    if _current(request).status in (Step.DRAFTED, Step.CLOSED):
        _refuse(_("Only a request that was sent and is still open can be closed."))
    return _record(
        request,
        Step.CLOSED,
        actor,
        text=text,
        diversion_established=diversion_established,
        diversion_where=where,
        diversion_when=when,
        diversion_how=how,
    )


def record_view(request: TracingRequest, *, viewer: Any, channel: str = "page") -> None:
    """Log that `viewer` opened the request (append-only)."""
    RequestView.objects.create(request=request, viewer=viewer, channel=channel)


def reading_of(request: TracingRequest) -> Reading:
    return Reading(
        serial=request.serial_as_read,
        manufacturer=request.make,
        model=request.model,
        calibre=request.calibre,
        country=request.country_of_manufacture,
        year=request.year_of_manufacture,
    )


def candidates_for(request: TracingRequest, limit: int = 10) -> list[Candidate]:
    """The requested State's recorded weapons ranked against the weapon as seen.

    Callers check the actor is the requested State's officer: no one else sees these.
    """
    return match(request.requested_state_id, reading_of(request), limit=limit)


@transaction.atomic
def add_request_photo(
    request: TracingRequest, image: UploadedFile, *, caption: str = "", actor: Any
) -> RequestPhoto:
    """Keep a checked photo with a draft request, under a name of our own making."""
    require_step(request, Step.DRAFTED, actor)
    if not TracingRequest.objects.editable_by(actor).filter(pk=request.pk).exists():
        raise PermissionDenied
    extension = check_image(image)
    photo = RequestPhoto(request=request, caption=clean_text(caption)[:200], uploaded_by=actor)
    photo.image.save(f"{secrets.token_hex(16)}.{extension}", image, save=False)
    photo.save()
    return photo
