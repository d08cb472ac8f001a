"""Bulk imports of a national register, with a checkpoint per batch and every bad row kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salw.registry.models.scope import StateScopedQuerySet


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running or interrupted")
    DONE = "done", _("Done")


# A batch commits within seconds: a running import with no checkpoint for this long has stopped.
STALLED_AFTER_SECONDS = 120


class ImportRun(models.Model):
    """One file being imported into a State's register.

    The same file (same SHA-256) imported again resumes this run from `rows_read`, the last row
    whose batch was committed: the batch and the checkpoint are written in one transaction, so an
    import killed at any moment loses nothing and a rerun neither duplicates nor skips.
    """

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    mapping = models.JSONField(_("column mapping"), default=dict)
    # The CSV's encoding, detected or chosen when the run started ("" for a workbook); every
    # resume reads the file the same way.
    encoding = models.CharField(_("encoding"), max_length=20, blank=True, default="")
    # The workbook's sheet that holds the register ("" for a CSV), chosen or found when the run
    # started (a cover sheet is passed over): every resume reads the same sheet.
    sheet = models.CharField(_("sheet"), max_length=31, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_bad = models.PositiveIntegerField(_("bad rows"), default=0)
    # A corrected file imported again: rows already registered as they are, and rows whose site
    # or status changed (applied as new events of the weapon, never by overwriting it).
    rows_unchanged = models.PositiveIntegerField(_("rows already registered, unchanged"), default=0)
    rows_changed = models.PositiveIntegerField(_("rows applied as new events"), default=0)
    # Registered rows whose other attributes (model, calibre, type, ...) differ: no event records
    # such a change, so each is reported with the field and both values, never applied.
    rows_not_applied = models.PositiveIntegerField(_("rows changed, not applied"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written with every checkpoint: a run still marked running whose last checkpoint is old has
    # stopped (the server stopped with it), whichever process serves the page.
    updated_at = models.DateTimeField(_("last checkpoint"), auto_now=True)
    # The first of the marks this run inserted but has not yet announced (`markings_imported`):
    # committed with the batches, so that a run resumed after a crash announces them too.
    marks_pending_from = models.BigIntegerField(null=True, blank=True, editable=False)
    # The ids and content digests of the rows the newest batch wrote (`core/written_rows.py`):
    # saved with the batch, so each batch's change-log row carries them into the hash chain.
    last_batch = models.JSONField(_("rows written by the last batch"), default=dict, blank=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["state", "file_sha256"], name="registry_import_once")
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def working(self) -> bool:
        """Whether the run is being worked on now: running, with a recent checkpoint."""
        if self.status != ImportStatus.RUNNING:
            return False
        return (timezone.now() - self.updated_at).total_seconds() < STALLED_AFTER_SECONDS


class ImportProblem(models.Model):
    """A bad row of an import: its number in the file, the field, and why it was refused."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="problems")
    row_number = models.PositiveIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=40)
    value = models.CharField(_("value"), max_length=200, blank=True)
    # Long enough for a reason that lists every allowed value of a coded column.
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        ordering = ["row_number", "id"]
        indexes = [models.Index(fields=["run", "row_number"], name="registry_problem_row")]

    def __str__(self) -> str:
        return f"{self.row_number} {self.field}: {self.reason}"


class ImportMapping(models.Model):
    """The column mapping a State last chose on the import page: its files' headers, remembered
    so that the next file of the same ministry is mapped the same way."""

    state = models.OneToOneField(
        "states.State", verbose_name=_("State"), on_delete=models.PROTECT, related_name="+"
    )
    # Canonical column → the header of the file ("" when the file has no such column).
    headers = models.JSONField(_("headers by column"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")

    def __str__(self) -> str:
        return f"{self.state_id}: {len(self.headers)}"
