"""The secretariat's view of a cycle: who submitted, who is drafting, rates by region.

Status only (never a draft's content): the secretariat sees that a State has a draft, not what
it says, so drafts are counted here directly rather than through `visible_to`.
"""

from dataclasses import dataclass, field

from django.db.models import Max

from salw.core.collation import collated
from salw.reporting.choices import ReportStatus
from salw.reporting.models import Reminder, Report, ReportingCycle
from salw.states.models import State


@dataclass
class StateStatus:
    state: State
    status: str  # "submitted", "draft" or "none"
    submitted_at: object = None
    last_reminder: object = None


@dataclass
class RegionRate:
    name: str
    states: int = 0
    submitted: int = 0
    drafting: int = 0

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.states) if self.states else 0


@dataclass
class CycleStatus:
    cycle: ReportingCycle
    states: list[StateStatus] = field(default_factory=list)
    regions: list[RegionRate] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(1 for s in self.states if s.status == "submitted")

    @property
    def drafting(self) -> int:
        return sum(1 for s in self.states if s.status == "draft")

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / len(self.states)) if self.states else 0


def cycle_status(cycle: ReportingCycle) -> CycleStatus:
    submitted = dict(
        Report.objects.filter(cycle=cycle, status=ReportStatus.SUBMITTED)
        .values("state_id")
        .annotate(first=Max("submitted_at"))
        .values_list("state_id", "first")
    )
    drafting = set(
        Report.objects.filter(cycle=cycle, status=ReportStatus.DRAFT).values_list(
            "state_id", flat=True
        )
    )
    reminded = dict(
        Reminder.objects.filter(cycle=cycle)
        .values("state_id")
        .annotate(last=Max("sent_at"))
        .values_list("state_id", "last")
    )
    result = CycleStatus(cycle)
    regions: dict[int, RegionRate] = {}
    for state in collated(State.objects.with_names(), key=lambda s: s.name):
        if state.pk in submitted:
            status = "submitted"
        elif state.pk in drafting:
            status = "draft"
        else:
            status = "none"
        result.states.append(
            StateStatus(state, status, submitted.get(state.pk), reminded.get(state.pk))
        )
        region = regions.setdefault(state.region_id, RegionRate(state.region.name))
        region.states += 1
        region.submitted += int(status == "submitted")
        region.drafting += int(status == "draft")
    result.regions = collated(regions.values(), key=lambda r: r.name)
    return result
