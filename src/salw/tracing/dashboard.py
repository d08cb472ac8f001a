"""The tracing panel on the dashboard: requests due and overdue, matched lost or stolen weapons."""

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.tracing.figures import owed_by
from salw.tracing.models import LostStolenAlert, TracingRequest

OWED_SHOWN = 5


def tracing_panel(user: Any) -> Any:
    """For tracing officers: overdue requests first, then those due, then the tools."""
    from salw.portal.dashboard import Panel, Task  # the portal owns the panel types

    owed = owed_by(user.state_id) if user.state_id else []
    panel = Panel(_("Tracing"), figure=len(owed))
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
