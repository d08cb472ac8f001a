"""National points of contact on the PoA and the ITI (resolution 76/232 para 4; ITI 25)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactKind(models.TextChoices):
    POA = "poa", _("Programme of Action")
    ITI = "iti", _("International Tracing Instrument")


class ContactEntryQuerySet(models.QuerySet):
    def current(self) -> "ContactEntryQuerySet":
        """The latest entry of each State and kind: the directory as it stands."""
        latest = (
            self.model.objects.filter(state=models.OuterRef("state"), kind=models.OuterRef("kind"))
            .order_by("-recorded_at", "-id")
            .values("id")[:1]
        )
        return self.filter(id=models.Subquery(latest))


class ContactEntry(models.Model):
    """A State's point of contact as recorded at one time. Append-only: a change is a new
    entry, so the directory's history stays readable."""

    state = models.ForeignKey(
        "states.State", verbose_name=_("State"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("for"), max_length=3, choices=ContactKind.choices)
    title = models.CharField(_("title"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    telephone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
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

    objects = ContactEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")
        ordering = ["state__iso3", "kind", "-recorded_at"]
        indexes = [models.Index(fields=["state", "kind", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.state_id} {self.kind}: {self.name}"
