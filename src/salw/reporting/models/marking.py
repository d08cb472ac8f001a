"""National marking practices (resolution 76/232 para 4; ITI paras 7-10)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MarkKind(models.TextChoices):
    MANUFACTURE = "manufacture", _("Mark at manufacture (ITI 8(a))")
    IMPORT = "import", _("Import mark (ITI 8(b))")
    CIVILIAN_TRANSFER = "civilian", _("Transfer from State stocks to civilian use (ITI 8(c))")
    STATE_FORCES = "state_forces", _("Weapons of State armed and security forces (ITI 8(d))")


class MarkElement(models.TextChoices):
    MANUFACTURER = "manufacturer", _("Name of the manufacturer")
    COUNTRY = "country", _("Country of manufacture")
    SERIAL = "serial", _("Serial number")
    YEAR = "year", _("Year of manufacture")
    MODEL = "model", _("Weapon type or model")
    CALIBRE = "calibre", _("Calibre")
    IMPORT_COUNTRY = "import_country", _("Country of import")
    IMPORT_YEAR = "import_year", _("Year of import")
    STATE = "state", _("Identification of the State")
    OTHER = "other", _("Other")


class MarkingPracticeQuerySet(models.QuerySet):
    def current(self) -> "MarkingPracticeQuerySet":
        """The latest entry of each State and kind of mark."""
        latest = (
            self.model.objects.filter(state=models.OuterRef("state"), kind=models.OuterRef("kind"))
            .order_by("-recorded_at", "-id")
            .values("id")[:1]
        )
        return self.filter(id=models.Subquery(latest))


class MarkingPractice(models.Model):
    """How a State marks small arms for one occasion (manufacture, import, ...), as recorded at
    one time. Append-only: a change is a new entry."""

    state = models.ForeignKey(
        "states.State", verbose_name=_("State"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("mark"), max_length=12, choices=MarkKind.choices)
    elements = models.JSONField(_("elements of the mark"), default=list, blank=True)
    location = models.CharField(_("part of the weapon marked"), max_length=300, blank=True)
    polymer_and_modular = models.TextField(
        _("rules for polymer-frame and modular weapons"), blank=True
    )
    description = models.TextField(_("description"), blank=True)
    example_image = models.URLField(_("example image (link)"), blank=True)
    from_report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("taken from report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = MarkingPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("marking practice")
        verbose_name_plural = _("marking practices")
        ordering = ["state__iso3", "kind", "-recorded_at"]
        indexes = [models.Index(fields=["state", "kind", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.state_id} {self.kind}"

    def element_labels(self) -> list[str]:
        return [str(MarkElement(e).label) for e in self.elements if e in MarkElement.values]
