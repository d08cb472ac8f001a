"""A weapon as a set of marked components (ITI paras 7–10; resolution 76/232 paras 13 and 32)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import (
    FLAGGED_STATUSES,
    ComponentKind,
    MarkingKind,
    Material,
    WeaponCategory,
    WeaponStatus,
    WeaponType,
)
from salw.registry.fields import SearchKeyField
from salw.registry.models.scope import StateScopedQuerySet


class WeaponQuerySet(StateScopedQuerySet):
    def flagged_for_tracing(self) -> "WeaponQuerySet":
        """Lost or stolen weapons: the State's tracing officers must know of them at once."""
        return self.filter(status__in=FLAGGED_STATUSES)

    def with_serial(self) -> "WeaponQuerySet":
        """Each weapon with `serial`: the first serial marked on its reference component, read in
        the same query (lists show it beside the record number)."""
        serials = (
            Marking.objects.filter(component__weapon=models.OuterRef("pk"))
            .filter(component__is_reference=True)
            .exclude(serial="")
            .order_by("id")
            .values("serial")[:1]
        )
        return self.annotate(serial=models.Subquery(serials))


class Weapon(models.Model):
    """One small arm or light weapon on a State's register.

    `status`, `site` and `status_since` are DERIVED from the weapon's life events
    (`services.refresh_derived_state` recomputes them after every event); they are stored only so
    that search can filter millions of weapons by status and site through an index. The events are
    the record; these columns can always be rebuilt from them.
    """

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    # The national register's own identifier: the natural key that keeps imports idempotent.
    source_ref = models.CharField(_("national record number"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=WeaponCategory.choices)
    weapon_type = models.CharField(_("type"), max_length=24, choices=WeaponType.choices)
    manufacturer = models.ForeignKey(
        "registry.Manufacturer",
        verbose_name=_("manufacturer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    manufacturer_text = models.CharField(_("manufacturer as recorded"), max_length=200, blank=True)
    model = models.ForeignKey(
        "registry.WeaponModel",
        verbose_name=_("model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    model_text = models.CharField(_("model as recorded"), max_length=120, blank=True)
    calibre = models.ForeignKey(
        "registry.Calibre",
        verbose_name=_("calibre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    calibre_text = models.CharField(_("calibre as recorded"), max_length=60, blank=True)
    year_of_manufacture = models.PositiveSmallIntegerField(
        _("year of manufacture"), null=True, blank=True
    )
    country_of_manufacture = models.CharField(
        _("country of manufacture (ISO alpha-3)"), max_length=3, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WeaponStatus.choices, default=WeaponStatus.RECORDED
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    site = models.ForeignKey(
        "registry.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="weapons",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = WeaponQuerySet.as_manager()

    class Meta:
        verbose_name = _("weapon")
        verbose_name_plural = _("weapons")
        ordering = ["-id"]
        constraints = [
            # "pe-2026-0001" and "PE-2026-0001" are one record number (letters of the Latin
            # script; SQLite's UPPER leaves other scripts as written).
            models.UniqueConstraint(
                F("state"),
                Upper("source_ref"),
                condition=~Q(source_ref=""),
                name="registry_weapon_source_ref_once_ci",
            )
        ]
        indexes = [
            models.Index(fields=["state", "status"], name="registry_weapon_status"),
            models.Index(fields=["state", "site"], name="registry_weapon_site"),
            models.Index(fields=["state", "manufacturer"], name="registry_weapon_maker"),
            models.Index(fields=["state", "model"], name="registry_weapon_model"),
            models.Index(fields=["state", "calibre"], name="registry_weapon_calibre"),
        ]

    def __str__(self) -> str:
        label = self.model_text or self.get_weapon_type_display()
        return f"#{self.pk} {label}"

    @property
    def is_flagged(self) -> bool:
        return self.status in FLAGGED_STATUSES


class Component(models.Model):
    """A part that carries marks: frame, receiver, slide, barrel, embedded plate ...

    `weapon` is where the component is now (derived from component-moved events, which keep where
    it was before). The reference component is the serialised one that identifies the weapon: the
    frame or receiver, or what the national rule names for modular designs.
    """

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    weapon = models.ForeignKey(
        Weapon,
        verbose_name=_("weapon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="components",
    )
    kind = models.CharField(_("component"), max_length=20, choices=ComponentKind.choices)
    is_reference = models.BooleanField(_("serialised reference component"), default=False)
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["-is_reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["weapon"], condition=Q(is_reference=True), name="registry_one_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Marking(models.Model):
    """One mark on one component, as read, with the elements of ITI para 8 when known.

    `normalised` (the whole text) and `serial_key` (the serial, else the whole text) are the
    search keys, made by `salw.markings.normalise.normalise_marking`; with the State first in their
    indexes, exact and prefix searches seek within one State's rows.
    """

    state = models.ForeignKey("states.State", verbose_name=_("State"), on_delete=models.PROTECT)
    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.PROTECT, related_name="markings"
    )
    kind = models.CharField(_("kind of mark"), max_length=20, choices=MarkingKind.choices)
    text_as_read = models.CharField(_("text exactly as read"), max_length=200)
    normalised = SearchKeyField(max_length=200, editable=False)
    serial_key = SearchKeyField(max_length=100, editable=False)
    material = models.CharField(_("material"), max_length=16, choices=Material.choices)
    location = models.CharField(_("location on the component"), max_length=120, blank=True)
    # ITI para 8(a): manufacturer + country + serial, or symbols + a code of the country.
    manufacturer = models.CharField(_("manufacturer (as marked)"), max_length=120, blank=True)
    country = models.CharField(_("country (as marked)"), max_length=60, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    year = models.CharField(_("year (as marked)"), max_length=8, blank=True)
    model = models.CharField(_("model (as marked)"), max_length=120, blank=True)
    calibre = models.CharField(_("calibre (as marked)"), max_length=60, blank=True)
    symbols = models.CharField(_("symbols"), max_length=120, blank=True)
    code = models.CharField(_("country code of the symbols"), max_length=20, blank=True)

    objects = StateScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("marking")
        verbose_name_plural = _("markings")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["state", "normalised"], name="registry_marking_text"),
            models.Index(fields=["state", "serial_key"], name="registry_marking_serial"),
        ]

    def __str__(self) -> str:
        return self.text_as_read


class MarkingPhotoQuerySet(models.QuerySet):
    """Photos follow their mark: the State's registry users see them, its record keepers add."""

    def visible_to(self, user: Any) -> "MarkingPhotoQuerySet":
        return self.filter(marking__in=Marking.objects.visible_to(user))

    def editable_by(self, user: Any) -> "MarkingPhotoQuerySet":
        return self.filter(marking__in=Marking.objects.editable_by(user))


def _photo_path(instance: Any, filename: str) -> str:
    return f"registry/markings/{instance.marking_id}/{filename}"


class MarkingPhoto(models.Model):
    """A photo of a mark, kept with it (worn or partial marks are read again from photos)."""

    marking = models.ForeignKey(Marking, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = MarkingPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo of a mark")
        verbose_name_plural = _("photos of marks")

    def __str__(self) -> str:
        return self.caption or self.image.name
