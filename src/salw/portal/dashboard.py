"""What each role has to do, as panels on the dashboard.

Each panel is built from real data; a role whose module has not landed yet says so plainly.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.core.models import ChangeLog
from salw.registry.dashboard import registry_panel
from salw.reporting.models.reports import SECRETARIAT_ROLES
from salw.states.choices import ContactScope
from salw.states.models import MarkingPractice, Region, State
from salw.tracing.dashboard import tracing_panel


@dataclass
class Task:
    text: str
    url: str = ""


@dataclass
class Panel:
    title: str
    tasks: list[Task] = field(default_factory=list)
    figure: int | None = None
    url: str = ""  # the home of the panel's area, which its title links to


def _focal_point(user: User) -> Panel:
    team = User.objects.visible_to(user).annotate(role_count=Count("role_grants"))
    without_role = [member for member in team if member.role_count == 0]
    panel = Panel(_("Your State's team"), figure=len(team))
    team_url = reverse("accounts:team")
    if without_role:
        panel.tasks.append(
            Task(
                ngettext(
                    "%(count)s member has no role yet: give them one.",
                    "%(count)s members have no role yet: give them one.",
                    len(without_role),
                )
                % {"count": len(without_role)},
                team_url,
            )
        )
    panel.tasks.append(Task(_("Check who may draft, submit and keep records."), team_url))
    if user.state_id:
        state = State.objects.get(pk=user.state_id)
        named = set(state.points_of_contact.values_list("scope", flat=True))
        if not named:
            panel.tasks.append(
                Task(
                    _("Name your State's point of contact for the PoA and the ITI."),
                    reverse("states:contact_edit", args=[state.iso3, ContactScope.BOTH]),
                )
            )
        if not MarkingPractice.objects.filter(state=state).exists():
            panel.tasks.append(
                Task(
                    _("Describe your State's marking practice."),
                    reverse("states:marking_edit", args=[state.iso3]),
                )
            )
        panel.tasks.append(
            Task(_("See your State's public page."), reverse("states:detail", args=[state.iso3]))
        )
    return panel


def _national_report(user: User) -> Panel:
    """The current cycle's report of the user's State: due date, progress, what is missing."""
    from salw.reporting.dashboard import national_report_status

    status = national_report_status(user)
    list_url = reverse("reporting:list")
    panel = Panel(
        _("National report"), figure=status.answered if status.report else None, url=list_url
    )
    public_url = reverse("reporting:public_list")
    if status.cycle is None:
        panel.tasks.append(Task(_("No reporting cycle is open."), list_url))
        return panel
    panel.tasks.append(
        Task(
            _("%(meeting)s: reports due %(due)s.")
            % {
                "meeting": status.cycle.meeting.name,
                "due": date_format(status.cycle.due_on, "DATE_FORMAT"),
            }
        )
    )
    if status.report is None:
        panel.tasks.append(Task(_("Start your State's report."), list_url))
    elif status.report.is_draft:
        panel.tasks.append(
            Task(
                # Two counts, two plural choices: each half agrees with its own number.
                _("Draft: %(answered)s, %(missing)s.")
                % {
                    "answered": ngettext(
                        "%(count)s answer given", "%(count)s answers given", status.answered
                    )
                    % {"count": status.answered},
                    "missing": ngettext(
                        "%(count)s required answer missing",
                        "%(count)s required answers missing",
                        status.missing,
                    )
                    % {"count": status.missing},
                },
                reverse("reporting:detail", args=[status.report.pk]),
            )
        )
    else:
        panel.tasks.append(
            Task(_("Submitted. Thank you."), reverse("reporting:detail", args=[status.report.pk]))
        )
    panel.tasks.append(Task(_("Search the published reports of all States."), public_url))
    return panel


def _tracing(user: User) -> Panel:
    return tracing_panel(user)


def _not_yet(title: str) -> Panel:
    return Panel(title, [Task(_("Nothing to do here yet: this module opens in a coming release."))])


def _analyst(user: User) -> Panel:
    panel = Panel(_("States and regions"), figure=State.objects.count())
    for region in Region.objects.filter(parent=None).prefetch_related("names"):
        count = State.objects.filter(region=region).count()
        panel.tasks.append(
            Task(
                ngettext("%(region)s: %(count)s State", "%(region)s: %(count)s States", count)
                % {"region": region.name, "count": count},
                reverse("states:list") + f"?region={region.m49}",
            )
        )
    return panel


def _reporting_status(user: User) -> Panel:
    """For the secretariat: which States have reported in the current cycle."""
    status_url = reverse("reporting:status")
    panel = Panel(_("Reporting status"), url=status_url)
    panel.tasks.append(
        Task(
            _("See which States have submitted their national report, and remind the others."),
            status_url,
        )
    )
    panel.tasks.append(
        Task(_("Search the published reports of all States."), reverse("reporting:public_list"))
    )
    return panel


def _administrator(user: User) -> Panel:
    without_role = User.objects.annotate(n=Count("role_grants")).filter(n=0).count()
    panel = Panel(_("Administration"), figure=ChangeLog.objects.count())
    panel.tasks.append(Task(_("Changes recorded in the tamper-evident history (figure above).")))
    panel.tasks.append(Task(_("Run “salw verify-history” regularly to prove nothing was altered.")))
    if without_role:
        panel.tasks.append(
            Task(
                _("Users without any role: %(count)s") % {"count": without_role},
                reverse("accounts:team"),
            )
        )
    return panel


def panels_for(user: User) -> list[Panel]:
    panels = []
    if user.has_role(Role.FOCAL_POINT):
        panels.append(_focal_point(user))
    if user.has_role(Role.CONTRIBUTOR):
        panels.append(_national_report(user))
    if user.has_role(Role.RECORD_KEEPER, Role.TRACING_OFFICER):
        panels.append(registry_panel(user))
    if user.has_role(Role.TRACING_OFFICER):
        panels.append(_tracing(user))
    if user.has_role(Role.SECRETARIAT_ANALYST):
        panels.append(_analyst(user))
    if user.has_role(*SECRETARIAT_ROLES):
        panels.append(_reporting_status(user))
    if user.has_role(Role.DONOR):
        panels.append(_not_yet(_("Assistance offers")))
    if user.has_role(Role.ADMINISTRATOR):
        panels.append(_administrator(user))
    return panels
