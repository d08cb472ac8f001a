"""Reminders of overdue requests: each one e-mailed is a row, so none is sent twice."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salw.tracing.choices import Deadline, ReminderLevel


class TracingReminder(models.Model):
    """A reminder e-mailed about an overdue request, recorded once and never changed.

    `period` counts whole deadline periods of lateness: 1 once the deadline has passed, 2 once
    late by another whole period (the escalation to focal points), 3 and on for the repeats. At
    most one reminder per request, deadline and period: a constraint, so that two runs of
    `salw tracing remind` at once cannot both send it.
    """

    request = models.ForeignKey(
        "tracing.TracingRequest",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    deadline = models.CharField(_("deadline"), max_length=12, choices=Deadline.choices)
    period = models.PositiveSmallIntegerField(_("deadline periods late"))
    level = models.CharField(_("sent to"), max_length=12, choices=ReminderLevel.choices)
    recipients = models.PositiveSmallIntegerField(_("recipients"))
    at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "deadline", "period"], name="tracing_reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.deadline} {self.period}"
