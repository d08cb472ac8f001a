"""Meetings of States on the PoA and ITI, and the reporting cycle that leads to each."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salw.reporting.choices import MeetingKind


class Meeting(models.Model):
    """A Biennial Meeting of States, a Review Conference or a meeting of experts (data)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["year", "starts_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="meeting_kind_number"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return str(
            _("%(kind)s %(number)s (%(year)s)")
            % {"kind": self.get_kind_display(), "number": self.number, "year": self.year}
        )


class ReportingCycleQuerySet(models.QuerySet):
    def current(self) -> "ReportingCycle | None":
        """The open cycle whose due date comes next; else the most recent one."""
        today = timezone.localdate()
        upcoming = self.filter(due_on__gte=today).order_by("due_on").first()
        return upcoming or self.order_by("-due_on").first()


class ReportingCycle(models.Model):
    """The reports due before one meeting, on one template version, by a configurable date."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="cycle"
    )
    template = models.ForeignKey(
        "reporting.TemplateVersion",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    due_on = models.DateField(_("due date"))

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.meeting.code} ({self.meeting.year})"

    @property
    def year(self) -> int:
        return self.meeting.year

    @property
    def is_open(self) -> bool:
        """A cycle takes reports until its meeting ends (a late report still reaches the
        meeting); without the meeting's dates, until its due date. Reminders are for open
        cycles only."""
        last_day = self.meeting.ends_on or self.meeting.starts_on or self.due_on
        return timezone.localdate() <= max(last_day, self.due_on)

    def days_left(self) -> int:
        return (self.due_on - datetime.date.today()).days  # noqa: DTZ011 - a calendar date
