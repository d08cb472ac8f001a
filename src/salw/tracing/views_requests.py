"""Pages of tracing requests: lists, a new request, a request with its thread, the answer."""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from salw.accounts.choices import Role
from salw.core.downloads import attach
from salw.core.pdf import pdf_response, render_pdf
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.core.uploads import PhotoForm
from salw.registry.forms import add_service_errors
from salw.registry.models import Weapon
from salw.states.choices import ContactScope
from salw.states.models import PointOfContact
from salw.tracing import services
from salw.tracing.alerts import receives_requests
from salw.tracing.answers import draft_answer, releasable, released_rows
from salw.tracing.choices import Step
from salw.tracing.deadlines import due
from salw.tracing.exchange import export_document
from salw.tracing.explain import candidate_rows
from salw.tracing.figures import owed_by, response_figures
from salw.tracing.forms_markings import marking_rows
from salw.tracing.forms_requests import (
    AnswerForm,
    CloseForm,
    MessageForm,
    RequestContentForm,
    RequestForm,
)
from salw.tracing.models import LostStolenAlert, TracingEvent, TracingRequest

OFFICER = (Role.TRACING_OFFICER,)
MORE_ROWS = "more_rows"  # the name of the button that adds rows of markings


def _request(user: Any, pk: int) -> TracingRequest:
    return get_visible_or_404(
        TracingRequest.objects.with_status().select_related("requesting_state", "requested_state"),
        user,
        pk=pk,
    )


class RequestListView(RoleRequiredMixin, View):
    """The State's inbox (requests received, with what is due) and outbox (requests made)."""

    required_roles = OFFICER

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        mine = TracingRequest.objects.visible_to(user).with_status()
        made = mine.filter(requesting_state_id=user.state_id).select_related("requested_state")
        received = mine.filter(requested_state_id=user.state_id).select_related("requesting_state")
        context = {
            "made": [(r, due(r)) for r in made],
            "received": received,
            "owed": owed_by(user.state_id),
            "alerts": LostStolenAlert.objects.visible_to(user)
            .open()
            .select_related("weapon", "request")[:20],
        }
        return render(request, "tracing/request_list.html", context)


def _render_form(
    request: HttpRequest,
    form: Any,
    markings: Any,
    *,
    draft: TracingRequest | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "markings": markings, "req": draft}
    return render(request, "tracing/request_form.html", context, status=status)


def _valid(form: Any, markings: Any) -> bool:
    form_is_valid = form.is_valid()  # both, so that every error shows at once
    return markings.is_valid() and form_is_valid


class RequestCreateView(RoleRequiredMixin, View):
    required_roles = OFFICER

    def get(self, request: HttpRequest) -> HttpResponse:
        return _render_form(request, RequestForm(initial={"priority": "routine"}), marking_rows())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RequestForm(request.POST)
        markings = marking_rows(request.POST)
        if MORE_ROWS in request.POST:
            return _render_form(request, form.as_initial(), markings.with_more_rows())
        if _valid(form, markings):
            try:
                made = services.draft_request(
                    form.content(markings.as_read()),
                    requested_states=list(form.cleaned_data["requested_states"]),
                    actor=request.user,
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("The request is drafted. Check it, then send it."))
                return redirect("tracing:request", pk=made[0].pk)
        return _render_form(request, form, markings, status=400)


class RequestEditView(RoleRequiredMixin, View):
    """A draft's whole content, on the same form as a new request's; only the requesting State's
    tracing officers may, and only until it is sent. Opening it is logged as a view."""

    required_roles = OFFICER

    def _draft(self, request: HttpRequest, pk: int) -> TracingRequest | None:
        try:
            return services.draft_to_edit(pk, actor=request.user)
        except ValidationError as refused:  # sent: read-only now
            messages.error(request, " ".join(refused.messages))
            return None

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        draft = self._draft(request, pk)
        if draft is None:
            return redirect("tracing:request", pk=pk)
        services.record_view(draft, viewer=request.user, channel="edit")
        markings = marking_rows(markings=draft.markings_as_read)
        return _render_form(request, RequestContentForm.of(draft), markings, draft=draft)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        draft = self._draft(request, pk)
        if draft is None:
            return redirect("tracing:request", pk=pk)
        form = RequestContentForm(request.POST)
        markings = marking_rows(request.POST, markings=draft.markings_as_read)
        if MORE_ROWS in request.POST:
            return _render_form(request, form.as_initial(), markings.with_more_rows(), draft=draft)
        if _valid(form, markings):
            try:
                services.edit_draft(draft, form.content(markings.as_read()), actor=request.user)
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(request, _("The draft is saved. Check it, then send it."))
                return redirect("tracing:request", pk=pk)
        return _render_form(request, form, markings, draft=draft, status=400)


def _copies(tracing_request: TracingRequest) -> list[tuple[TracingRequest, bool]]:
    """Every copy of a request (one per requested State, one reference), each with whether
    anybody on this installation can receive it (a tracing officer of that State). Each copy
    also carries `by_document` (sent as an exchange document) and `contact` (the State's ITI
    point of contact in the directory, through whom the secretariat can pass it on)."""
    copies = list(
        TracingRequest.objects.with_status()
        .filter(
            reference=tracing_request.reference,
            requesting_state_id=tracing_request.requesting_state_id,
        )
        .select_related("requested_state")
        .order_by("pk")
    )
    by_document = set(
        TracingEvent.objects.filter(
            request__in=copies, step=Step.SENT, sent_as_document=True
        ).values_list("request_id", flat=True)
    )
    contacts = {
        c.state_id: c
        for c in PointOfContact.objects.filter(
            state__in=[c.requested_state_id for c in copies],
            scope__in=(ContactScope.ITI, ContactScope.BOTH),
        )
    }
    rows = []
    for copy in copies:
        copy.by_document = copy.pk in by_document
        copy.contact = contacts.get(copy.requested_state_id)
        rows.append((copy, receives_requests(copy.requested_state_id)))
    return rows


def _send_all(tracing_request: TracingRequest, actor: Any) -> list[TracingRequest]:
    """One Send for a request to several States: every copy still a draft goes, or none."""
    drafts = [c for c, _reachable in _copies(tracing_request) if c.status == Step.DRAFTED]
    with transaction.atomic():
        for draft in drafts:
            services.send_request(draft, actor=actor)
    return drafts


def _detail(request: HttpRequest, tracing_request: TracingRequest, **forms: Any) -> dict:
    user = request.user
    side = "requesting" if user.state_id == tracing_request.requesting_state_id else "requested"
    rows = []
    waiting = tracing_request.status in (Step.SENT, Step.ACKNOWLEDGED)
    if side == "requested" and waiting:
        candidates = services.candidates_for(tracing_request)
        rows = candidate_rows(candidates, user)
    events = list(tracing_request.events.select_related("actor", "state", "weapon"))
    for event in events:  # what an answer released, as a labelled table in the reader's language
        event.released_rows = released_rows(event.released)
    timeline = [("event", e) for e in events] + [
        ("reminder", r) for r in tracing_request.reminders.all()
    ]
    copies = _copies(tracing_request) if side == "requesting" else []
    return {
        "req": tracing_request,
        "side": side,
        "copies": copies,
        "drafts": sum(1 for copy, _reachable in copies if copy.status == Step.DRAFTED),
        "unreachable": [  # named before sending, with the alternative
            c.requested_state.name
            for c, reachable in copies
            if not reachable and c.status == Step.DRAFTED
        ],
        "due": due(tracing_request),
        "events": events,
        "timeline": sorted(timeline, key=lambda item: item[1].at),
        "rows": rows,
        "waiting": waiting,
        "message_form": forms.get("message_form") or MessageForm(),
        "photo_form": PhotoForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "open": tracing_request.status not in (Step.DRAFTED, Step.CLOSED),
    }


class RequestDetailView(RoleRequiredMixin, View):
    """A request, its timeline and thread, and the steps the viewer may take. Every view is
    logged."""

    required_roles = OFFICER

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request = _request(request.user, pk)
        services.record_view(tracing_request, viewer=request.user)
        return render(request, "tracing/request_detail.html", _detail(request, tracing_request))


class RequestStepView(RoleRequiredMixin, View):
    """One step posted from the request page: send, acknowledge, message or close."""

    required_roles = OFFICER

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        tracing_request = _request(request.user, pk)
        actor = request.user
        form: Any = None
        try:
            if step == "send":
                sent = _send_all(tracing_request, actor)
            elif step == "acknowledge":
                services.acknowledge(tracing_request, actor=actor)
            elif step == "message":
                form = MessageForm(request.POST)
                if form.is_valid():
                    services.ask_follow_up(tracing_request, actor=actor, **form.cleaned_data)
            elif step == "close":
                form = CloseForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    services.close_with_feedback(
                        tracing_request,
                        actor=actor,
                        diversion_established=data["diversion_established"],
                        where=data["where"],
                        when=data["when"],
                        how=data["how"],
                        text=data["text"],
                    )
            else:
                raise Http404
        except ValidationError as refused:
            if form is None:
                messages.error(request, " ".join(refused.messages))
                return redirect("tracing:request", pk=pk)
            add_service_errors(form, refused)
        if form is not None and form.errors:
            tracing_request = _request(request.user, pk)
            context = _detail(request, tracing_request, **{f"{step}_form": form})
            return render(request, "tracing/request_detail.html", context, status=400)
        if step == "send":
            for copy in sent:  # one notice per State: to whom, and when it must acknowledge
                sent_copy = _request(request.user, copy.pk)
                if sent_copy.events.filter(step=Step.SENT, sent_as_document=True).exists():
                    messages.warning(request, _sent_as_document(sent_copy))
                else:
                    messages.success(request, _notice(step, sent_copy))
        else:
            messages.success(request, _notice(step, _request(request.user, pk)))
        return redirect("tracing:request", pk=pk)


def _due_date(tracing_request: TracingRequest) -> str:
    owed = due(tracing_request)
    return date_format(timezone.localtime(owed.by), "DATE_FORMAT") if owed else "—"


def _notice(step: str, tracing_request: TracingRequest) -> str:
    """What a step did, said to the officer who took it."""
    if step == "send":
        return _("Request sent to %(state)s; acknowledgement due %(date)s.") % {
            "state": tracing_request.requested_state.name,
            "date": _due_date(tracing_request),
        }
    if step == "acknowledge":
        return _("Receipt acknowledged; %(state)s is told. The answer is due %(date)s.") % {
            "state": tracing_request.requesting_state.name,
            "date": _due_date(tracing_request),
        }
    if step == "message":
        return _("Message sent; %(state)s is told.") % {"state": _other_state(tracing_request)}
    return _("Request closed with your feedback.")


def _sent_as_document(tracing_request: TracingRequest) -> str:
    """The notice for a copy to a State with nobody on this installation."""
    return _(
        "Request to %(state)s recorded as sent by exchange document: nobody from %(state)s "
        "receives tracing requests on this site. Download its exchange document and pass it on "
        "through your usual channel, or ask the secretariat to pass it to the focal point of "
        "%(state)s. Acknowledgement due %(date)s."
    ) % {"state": tracing_request.requested_state.name, "date": _due_date(tracing_request)}


def _other_state(tracing_request: TracingRequest) -> str:
    """The State across the request from the one whose officer acts (the last event's)."""
    last = tracing_request.events.order_by("-at", "-pk").first()
    if last is not None and last.state_id == tracing_request.requested_state_id:
        return tracing_request.requesting_state.name
    return tracing_request.requested_state.name


class AnswerView(RoleRequiredMixin, View):
    """The requested State's answer; a confirmed candidate fills the draft from its record."""

    required_roles = OFFICER

    def _setup(self, request: HttpRequest, pk: int) -> tuple[TracingRequest, Weapon | None]:
        tracing_request = _request(request.user, pk)
        if tracing_request.requested_state_id != request.user.state_id:
            raise PermissionDenied
        weapon_id = request.GET.get("weapon") or request.POST.get("weapon")
        weapon = None
        if weapon_id:
            if not (weapon_id.isascii() and weapon_id.isdecimal()):  # hand-edited: 404, not 500
                raise Http404
            weapon = Weapon.objects.visible_to(request.user).filter(pk=weapon_id).first()
            if weapon is None:
                raise Http404
        return tracing_request, weapon

    def _page(
        self, request: HttpRequest, tracing_request: TracingRequest, weapon: Weapon | None, **more
    ) -> HttpResponse:
        draft = draft_answer(weapon, request.user) if weapon is not None else {}
        items = releasable(draft)
        form = more.pop("form", None) or AnswerForm(
            initial={"kind": "full", "release": [key for key, _label in items]}, items=items
        )
        # Each item with what it releases, so the officer sees what a tick sends.
        previews = dict(released_rows({key: draft[key] for key, _label in items}))
        choices = [(key, label, previews.get(label, [])) for key, label in items]
        context = {"req": tracing_request, "weapon": weapon, "form": form, "items": choices}
        return render(request, "tracing/answer_form.html", context, **more)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request, weapon = self._setup(request, pk)
        services.record_view(tracing_request, viewer=request.user, channel="answer")
        return self._page(request, tracing_request, weapon)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request, weapon = self._setup(request, pk)
        # The items are read from the record again: only what it holds can be released.
        draft = draft_answer(weapon, request.user) if weapon is not None else {}
        form = AnswerForm(request.POST, items=releasable(draft))
        if form.is_valid():
            data = dict(form.cleaned_data)
            released = {key: draft[key] for key in data.pop("release", [])}
            try:
                services.answer(
                    tracing_request, actor=request.user, weapon=weapon, released=released, **data
                )
            except ValidationError as refused:
                add_service_errors(form, refused)
            else:
                messages.success(
                    request,
                    _("The answer is sent; %(state)s is told.")
                    % {"state": tracing_request.requesting_state.name},
                )
                return redirect("tracing:request", pk=pk)
        return self._page(request, tracing_request, weapon, form=form, status=400)


class StatisticsView(RoleRequiredMixin, View):
    """Per-State response rate and median response time: aggregates only, no request."""

    required_roles = (Role.SECRETARIAT_ANALYST, Role.TRACING_OFFICER, Role.ADMINISTRATOR)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "tracing/statistics.html", {"figures": response_figures()})


class RequestPdfView(RoleRequiredMixin, View):
    """The request page as a PDF (the ITI's content and the answers), for the two States'
    officers only; printing is logged like any other view."""

    required_roles = OFFICER

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request = _request(request.user, pk)
        services.record_view(tracing_request, viewer=request.user, channel="pdf")
        context = {
            **_detail(request, tracing_request),
            "print_title": _("Tracing request %(reference)s")
            % {"reference": tracing_request.reference},
        }
        language = request.LANGUAGE_CODE
        name = f"tracing-{tracing_request.reference}-{tracing_request.requested_state.iso3}.pdf"
        return pdf_response(
            lambda: render_pdf(
                "tracing/request_detail.html", context, language=language, request=request
            ),
            name,
        )


class RequestExchangeView(RoleRequiredMixin, View):
    """The request and its answers as a JSON exchange document (docs/tracing.md)."""

    required_roles = OFFICER

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request = _request(request.user, pk)
        services.record_view(tracing_request, viewer=request.user, channel="export")
        body = json.dumps(export_document(tracing_request), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        name = f"tracing-{tracing_request.reference}-{tracing_request.requested_state.iso3}.json"
        return attach(response, name)
