"""Stockpile sites, inventory counts and their reconciliation, and diversion incidents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import DiscrepancyKind, DiscrepancyResolution, DiversionKind
from salw.registry.models.scope import StateScopedQuerySet


class Site(models.Model):
    """A place where a State keeps weapons (armoury, depot, police station) and its custodian."""

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    custodian = models.CharField(_("custodian"), max_length=200, blank=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["state", "code"], name="registry_site_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InventoryCount(models.Model):
    """A physical count of a site, reconciled against what the register expects there."""

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="counts"
    )
    counted_on = models.DateField(_("counted on"))
    counted_by = models.CharField(_("counted by"), max_length=200, blank=True)
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inventory count")
        verbose_name_plural = _("inventory counts")
        ordering = ["-counted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.site} {self.counted_on}"


class InventoryCountItem(models.Model):
    """A weapon seen during a count."""

    count = models.ForeignKey(InventoryCount, on_delete=models.PROTECT, related_name="items")
    weapon = models.ForeignKey("registry.Weapon", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["count", "weapon"], name="registry_counted_once")
        ]

    def __str__(self) -> str:
        return f"{self.count_id}: {self.weapon_id}"


class Discrepancy(models.Model):
    """A difference between a count and the register; once confirmed, a missing weapon is lost.

    A weapon counted but not on the register, or whose serial several weapons share, has no
    weapon yet: `reported_as` keeps what the counter wrote, until a record keeper resolves it.
    """

    count = models.ForeignKey(
        InventoryCount, on_delete=models.PROTECT, related_name="discrepancies"
    )
    weapon = models.ForeignKey(
        "registry.Weapon", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_as = models.CharField(_("as written at the count"), max_length=100, blank=True)
    kind = models.CharField(_("discrepancy"), max_length=12, choices=DiscrepancyKind.choices)
    resolution = models.CharField(
        _("resolution"), max_length=13, choices=DiscrepancyResolution.choices, blank=True
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    loss_event = models.OneToOneField(
        "registry.WeaponEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("discrepancy")
        verbose_name_plural = _("discrepancies")
        constraints = [
            models.UniqueConstraint(
                fields=["count", "weapon", "kind"], name="registry_discrepancy_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.weapon_id or self.reported_as}"


class DiversionIncident(models.Model):
    """A diversion from a State's holdings, for the diversion section of the national report."""

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    occurred_on = models.DateField(_("occurred on"))
    kind = models.CharField(
        _("kind of diversion"),
        max_length=22,
        choices=DiversionKind.choices,
        default=DiversionKind.OTHER,
    )
    # Often more weapons went than can be named yet: the number is stated, the list may be short.
    weapon_count = models.PositiveIntegerField(_("number of weapons"), default=0)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.TextField(_("description"))
    weapons = models.ManyToManyField(
        "registry.Weapon", verbose_name=_("weapons"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("diversion incident")
        verbose_name_plural = _("diversion incidents")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.description[:60]}"
