"""The tracing panel on the dashboard: requests due and overdue, matched lost or stolen weapons."""

from datetime import timedelta
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.markings.templatetags.marks import ltr_text
from salw.tracing.alerts import step_told
from salw.tracing.choices import Step
from salw.tracing.figures import owed_by
from salw.tracing.models import LostStolenAlert, RequestView, TracingEvent, TracingRequest

OWED_SHOWN = 5
NEWS_FOR = timedelta(days=30)  # how long the other State's steps stay on the home page


def news_on_requests_made(user: Any) -> list[TracingEvent]:
    """What the requested States did on this State's requests (acknowledged, answered, delayed,
    replied) in the last weeks and since this officer last opened the request, newest first."""
    if not user.state_id:
        return []
    last_seen = RequestView.objects.filter(request_id=OuterRef("request_id"), viewer=user).order_by(
        "-at"
    )
    return list(
        TracingEvent.objects.filter(
            request__in=TracingRequest.objects.visible_to(user).filter(
                requesting_state_id=user.state_id
            ),
            step__in=(Step.ACKNOWLEDGED, Step.ANSWERED, Step.REPLY),
            at__gte=timezone.now() - NEWS_FOR,
        )
        .exclude(state_id=user.state_id)
        .annotate(seen=Subquery(last_seen.values("at")[:1]))
        .filter(Q(seen__isnull=True) | Q(seen__lt=F("at")))
        .select_related("request", "state")
        .order_by("-at")[:OWED_SHOWN]
    )


def tracing_panel(user: Any) -> Any:
    """For tracing officers: overdue requests first, then those due, then the tools."""
    from salw.portal.dashboard import Panel, Task  # the portal owns the panel types

    owed = owed_by(user.state_id) if user.state_id else []
    panel = Panel(_("Tracing"), figure=len(owed), url=reverse("tracing:requests"))
    overdue = [item for item in owed if item.overdue]
    if overdue:
        panel.tasks.append(
            Task(
                ngettext(
                    "%(count)s tracing request is overdue.",
                    "%(count)s tracing requests are overdue.",
                    len(overdue),
                )
                % {"count": len(overdue)},
                reverse("tracing:requests"),
            )
        )
    for item in owed[:OWED_SHOWN]:
        template = (
            _("Overdue: %(what)s %(reference)s from %(state)s, due %(date)s")
            if item.overdue
            else _("Due: %(what)s %(reference)s from %(state)s by %(date)s")
        )
        what = _("acknowledge") if item.due.what == "acknowledge" else _("answer")
        panel.tasks.append(
            Task(
                template
                % {
                    "what": what,
                    "reference": item.request.reference,
                    "state": item.request.requesting_state.name,
                    "date": date_format(item.due.by, "SHORT_DATE_FORMAT"),
                },
                reverse("tracing:request", args=[item.request.pk]),
            )
        )
    alerts = LostStolenAlert.objects.visible_to(user).open().count()
    if alerts:
        panel.tasks.append(
            Task(
                ngettext(
                    "%(count)s match on a weapon your State recorded lost or stolen.",
                    "%(count)s matches on weapons your State recorded lost or stolen.",
                    alerts,
                )
                % {"count": alerts},
                reverse("tracing:alerts"),
            )
        )
    for event in news_on_requests_made(user):
        panel.tasks.append(
            Task(
                _("%(what)s Request %(reference)s.")
                % {"what": step_told(event), "reference": ltr_text(event.request.reference)},
                reverse("tracing:request", args=[event.request_id]),
            )
        )
    made = TracingRequest.objects.visible_to(user).filter(requesting_state_id=user.state_id)
    panel.tasks.append(
        Task(
            _("Requests your State made: %(count)s. Make a new one.") % {"count": made.count()},
            reverse("tracing:request_new"),
        )
    )
    panel.tasks.append(
        Task(_("Find a weapon in your registry by its marks."), reverse("tracing:match"))
    )
    return panel
