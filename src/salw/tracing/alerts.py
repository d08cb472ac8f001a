"""E-mails and alerts of tracing: a request received, a lost or stolen weapon hit.

Reminders of overdue requests are in `reminders.py`.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.core.permissions import require_write
from salw.markings.templatetags.marks import ltr_text
from salw.registry.choices import FLAGGED_STATUSES
from salw.registry.models import Weapon
from salw.tracing.choices import AnswerKind, Step
from salw.tracing.deadlines import due
from salw.tracing.engine import Candidate
from salw.tracing.models import LostStolenAlert, TracingEvent, TracingRequest


def people(state_id: int, role: str) -> QuerySet:
    """Active users of a State holding `role`, with an e-mail address."""
    return User.objects.filter(
        organisation__state_id=state_id, role_grants__role=role, is_active=True
    ).exclude(email="")


def receives_requests(state_id: int) -> bool:
    """Whether anybody on this installation receives the State's tracing requests: an active
    tracing officer of that State (with or without an e-mail address: the home page tells them).
    Nobody: a request to it is sent as an exchange document."""
    return User.objects.filter(
        organisation__state_id=state_id,
        role_grants__role=Role.TRACING_OFFICER,
        is_active=True,
    ).exists()


def mail_to(users: Iterable[User], message: Callable[[], tuple[str, str]]) -> int:
    """E-mail `users`, each in the language they chose: `message()` gives (subject, body) and is
    written once per language, under that language. One e-mail per language, to the distinct
    addresses of its readers; returns how many e-mails went out (none without an address)."""
    readers: dict[str, set[str]] = {}
    for user in users:
        readers.setdefault(user.mail_language, set()).add(user.email)
    sent = 0
    for language, addresses in sorted(readers.items()):
        with translation.override(language):
            subject, body = message()
        sent += send_mail(subject, body, None, sorted(addresses))
    return sent


def notify_received(request: TracingRequest) -> int:
    """Tell the requested State's tracing officers that a request has arrived."""
    request = TracingRequest.objects.with_status().get(pk=request.pk)
    return mail_to(
        people(request.requested_state_id, Role.TRACING_OFFICER),
        lambda: (
            _("Tracing request %(reference)s received")
            % {"reference": ltr_text(request.reference)},
            "\n\n".join(
                [
                    _("A tracing request from %(state)s awaits acknowledgement.")
                    % {"state": request.requesting_state.name},
                    *_request_facts(request),
                ]
            ),
        ),
    )


def _request_facts(request: TracingRequest) -> list[str]:
    """The lines every tracing e-mail ends with: priority, next deadline, the link."""
    lines = [_("Priority: %(priority)s") % {"priority": request.get_priority_display()}]
    owed = due(request)
    if owed is not None:
        lines.append(
            (
                _("Acknowledgement due by %(date)s.")
                if owed.what == "acknowledge"
                else _("Answer due by %(date)s.")
            )
            % {"date": date_format(timezone.localtime(owed.by), "DATE_FORMAT")}
        )
    link = settings.SITE_URL.rstrip("/") + reverse("tracing:request", args=[request.pk])
    lines.append(_("Open the request: %(link)s") % {"link": ltr_text(link)})
    return lines


def step_told(event: TracingEvent) -> str:
    """What happened, in words of the active language (e-mails, notices)."""
    if event.step == Step.ANSWERED and event.answer_kind == AnswerKind.DELAYED:
        return _("%(state)s delayed its answer.") % {"state": event.state.name}
    told = {
        Step.ACKNOWLEDGED: _("%(state)s acknowledged receipt."),
        Step.ANSWERED: _("%(state)s answered (%(kind)s)."),
        Step.QUESTION: _("%(state)s asked a follow-up question."),
        Step.REPLY: _("%(state)s replied."),
    }
    return told[event.step] % {"state": event.state.name, "kind": event.get_answer_kind_display()}


def notify_step(event: TracingEvent) -> int:
    """Tell the other State's tracing officers of a step on a request: the requesting State of an
    acknowledgement, answer (a delay too) or reply, the requested State of a question. Each reads
    it in their own language, with the link, the next deadline and the priority."""
    request = TracingRequest.objects.with_status().get(pk=event.request_id)
    other = (
        request.requested_state_id
        if event.state_id == request.requesting_state_id
        else request.requesting_state_id
    )
    return mail_to(
        people(other, Role.TRACING_OFFICER),
        lambda: (
            _("Tracing request %(reference)s: %(what)s")
            % {"reference": ltr_text(request.reference), "what": step_told(event)},
            "\n\n".join(
                [step_told(event), *([event.text] if event.text else []), *_request_facts(request)]
            ),
        ),
    )


def alert_lost_or_stolen(
    state_id: int, candidates: list[Candidate], *, request: TracingRequest | None
) -> list[LostStolenAlert]:
    """Alert the State's tracing officers when a request or search hits a weapon the State
    recorded lost or stolen (issue 5, item 4): one alert per weapon and request."""
    ids = [c.weapon_id for c in candidates if c.weapon_id]
    flagged = Weapon.objects.filter(pk__in=ids, state_id=state_id, status__in=FLAGGED_STATUSES)
    made = []
    for weapon in flagged:
        alert, created = LostStolenAlert.objects.get_or_create(
            state_id=state_id, weapon=weapon, request=request
        )
        if created:
            made.append(alert)
    if made:
        mail_to(
            people(state_id, Role.TRACING_OFFICER),
            lambda: (
                _("A weapon recorded lost or stolen was matched"),
                _(
                    "A tracing request or search matched weapons your State recorded lost or "
                    "stolen: %(weapons)s."
                )
                % {"weapons": ", ".join(ltr_text(a.weapon) for a in made)},
            ),
        )
    return made


@transaction.atomic
def mark_alert_handled(alert: LostStolenAlert, *, actor: Any, note: str = "") -> LostStolenAlert:
    """A tracing officer of the alert's State marks it handled, with an optional note.

    Who and when are recorded on the alert, which is kept (and leaves the open alerts); an alert
    is handled once.
    """
    handled = LostStolenAlert.objects.select_for_update().editable_by(actor).filter(pk=alert.pk)
    current = handled.first()
    if current is None:
        raise PermissionDenied
    require_write(actor, current.state_id, Role.TRACING_OFFICER)
    if current.handled_at is not None:
        raise ValidationError(_("This alert was already marked handled."), code="handled")
    current.handled_at = timezone.now()
    current.handled_by = actor
    current.handled_note = note.strip()
    current.save(update_fields=["handled_at", "handled_by", "handled_note"])
    return current
