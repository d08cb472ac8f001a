"""What the dashboard says about the current national report (read by portal.dashboard)."""

from dataclasses import dataclass
from typing import Any

from salw.reporting import services
from salw.reporting.answers import is_empty
from salw.reporting.models import Report, ReportingCycle


@dataclass
class ReportStatus:
    cycle: ReportingCycle | None
    report: Report | None = None
    answered: int = 0
    missing: int = 0


def national_report_status(user: Any) -> ReportStatus:
    cycle = ReportingCycle.objects.select_related("meeting").current()
    status = ReportStatus(cycle)
    if cycle is None or not user.state_id:
        return status
    report = (
        Report.objects.visible_to(user)
        .filter(state_id=user.state_id, cycle=cycle)
        .order_by("-version")
        .first()
    )
    status.report = report
    if report is not None:
        status.answered = sum(not is_empty(v) for v in services.answer_values(report).values())
        status.missing = sum(len(gap.missing) for gap in services.gaps_of(report))
    return status
