"""Life events of weapons: an append-only table (database triggers refuse UPDATE and DELETE)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import DestructionMethod, EventKind
from salw.registry.models.scope import StateScopedQuerySet


class WeaponEventQuerySet(StateScopedQuerySet):
    def history_of(self, weapon_id: int) -> "WeaponEventQuerySet":
        """The weapon's own events and the moves of components that left it for another."""
        return self.filter(Q(weapon_id=weapon_id) | Q(from_weapon_id=weapon_id)).order_by(
            "date", "id"
        )

    def in_force(self) -> "WeaponEventQuerySet":
        """Events not replaced or withdrawn by a later correction."""
        return self.filter(correction__isnull=True)


class WeaponEvent(models.Model):
    """Something that happened to a weapon, recorded once and never changed.

    A mistake is put right by a new event that `corrects` the wrong one: it either carries the
    right facts (same kind or another) or, with kind "corrected", withdraws it. A component move is
    one event on the receiving weapon with `from_weapon` set, so it shows in both histories.
    """

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    weapon = models.ForeignKey(
        "registry.Weapon", verbose_name=_("weapon"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    licence = models.CharField(_("licence or authorisation"), max_length=100, blank=True)
    end_user_certificate = models.CharField(_("end-user certificate"), max_length=100, blank=True)
    other_documents = models.CharField(_("other documents"), max_length=300, blank=True)
    counterpart_country = models.CharField(
        _("other country (ISO alpha-3)"), max_length=3, blank=True
    )
    destruction_method = models.CharField(
        _("destruction method"), max_length=12, choices=DestructionMethod.choices, blank=True
    )
    site = models.ForeignKey(
        "registry.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    custodian = models.CharField(_("custodian"), max_length=200, blank=True)
    component = models.ForeignKey(
        "registry.Component",
        verbose_name=_("component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    from_weapon = models.ForeignKey(
        "registry.Weapon",
        verbose_name=_("moved from weapon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moves_out",
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = WeaponEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("weapon event")
        verbose_name_plural = _("weapon events")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["weapon", "date", "id"], name="registry_event_history"),
            models.Index(fields=["state", "kind", "date"], name="registry_event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
