"""A State's national report for one cycle, its answers and their append-only history."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import Role
from salw.reporting.choices import ReportEventKind, ReportStatus, Visibility

# Who drafts a State's report; the focal point alone submits it (services.submit_report).
DRAFTING_ROLES = (Role.FOCAL_POINT, Role.CONTRIBUTOR)
SECRETARIAT_ROLES = (Role.SECRETARIAT_ANALYST, Role.ADMINISTRATOR)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "ReportQuerySet":
        """A State's drafting team sees its reports; the secretariat sees submitted ones."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(*SECRETARIAT_ROLES):
            return self.filter(status=ReportStatus.SUBMITTED)
        if user.has_role(*DRAFTING_ROLES) and user.state_id:
            return self.filter(state_id=user.state_id)
        return self.none()

    def editable_by(self, user: Any) -> "ReportQuerySet":
        """Drafts of the user's own State, for its focal point and contributors."""
        if not user.is_authenticated:
            return self.none()
        if not user.has_role(*DRAFTING_ROLES):
            return self.none()
        return self.filter(state_id=user.state_id, status=ReportStatus.DRAFT)

    def published(self) -> "ReportQuerySet":
        """What the public may read: submitted, published, and the latest version of each."""
        return self.filter(
            status=ReportStatus.SUBMITTED,
            visibility=Visibility.PUBLISHED,
            superseded=False,
        )


class Report(models.Model):
    """One version of a State's national report on the PoA and ITI for one reporting cycle.

    Version 1 is the first report; an amendment is a new row with the next version number that
    starts from the submitted one. A submitted version is read-only; only its `superseded` flag
    changes when a newer version is submitted.
    """

    state = models.ForeignKey(
        "states.State", verbose_name=_("State"), on_delete=models.PROTECT, related_name="reports"
    )
    cycle = models.ForeignKey(
        "reporting.ReportingCycle",
        verbose_name=_("reporting cycle"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    template = models.ForeignKey(
        "reporting.TemplateVersion",
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Blank until the focal point chooses on the check page: publication is never a default.
    visibility = models.CharField(
        _("publication"), max_length=12, choices=Visibility.choices, blank=True, default=""
    )
    superseded = models.BooleanField(_("superseded by a newer version"), default=False)
    language = models.CharField(_("language of the report"), max_length=7, default="en")
    # Increases with every save: the ETag of the draft and the base of the stale-edit check.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        ordering = ["cycle__due_on", "state__iso3", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "cycle"],
                condition=Q(status="draft"),
                name="one_open_report_per_state_and_cycle",
            ),
            models.UniqueConstraint(
                fields=["state", "cycle", "version"], name="report_version_per_state_and_cycle"
            ),
        ]
        indexes = [models.Index(fields=["status", "visibility", "superseded"])]

    def __str__(self) -> str:
        return f"{self.state.iso3} {self.cycle.meeting.code} v{self.version}"

    @property
    def etag(self) -> str:
        return f'"{self.pk}-{self.revision}"'

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT


class Answer(models.Model):
    """The current answer to one question of one report version; its history is in revisions."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(
        "reporting.Question", on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(_("value"), null=True, blank=True)
    # The report revision at which this answer last changed (for the stale-edit check).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["report", "question"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.question.number}"


class AnswerRevision(models.Model):
    """Each save of an answer, as typed. Append-only (database triggers refuse changes)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="revisions")
    question = models.ForeignKey("reporting.Question", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(_("revision"))
    value = models.JSONField(_("value"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")
        ordering = ["report", "revision", "id"]

    def __str__(self) -> str:
        return f"{self.report} r{self.revision} {self.question_id}"


class ReportEvent(models.Model):
    """What happened to a report: started, saved, submitted, amended. Append-only."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=ReportEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"


class Reminder(models.Model):
    """A reminder e-mail sent by the secretariat to a State's focal points. Append-only."""

    cycle = models.ForeignKey(
        "reporting.ReportingCycle", on_delete=models.PROTECT, related_name="reminders"
    )
    state = models.ForeignKey("states.State", on_delete=models.PROTECT, related_name="+")
    recipients = models.PositiveSmallIntegerField(_("recipients"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["cycle", "state", "id"]

    def __str__(self) -> str:
        return f"{self.cycle} {self.state_id} {self.sent_at:%Y-%m-%d}"


class ReportFile(models.Model):
    """A document attached to an answer (a national action plan, a law). Kept in the database,
    so backups hold it with the report; never changed or deleted (append-only)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.name
