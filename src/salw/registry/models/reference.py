"""Reference tables shared by every State: manufacturers, calibres and models.

Officers type "F.N. Herstal" or "7,62×39 mm"; these tables turn free text into one known row
(`salw.registry.reference.suggest_*`). They are public knowledge, readable by every signed-in user,
and loaded by `salw registry load-reference`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.markings.normalise import calibre_key, confusable_key, name_key
from salw.registry.choices import WeaponType


class Manufacturer(models.Model):
    """A maker of small arms or light weapons, with the countries where it makes them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    key = models.CharField(_("comparison key"), max_length=200, unique=True, editable=False)
    country = models.CharField(_("country (ISO alpha-3)"), max_length=3)
    # Other countries of manufacture (subsidiaries, licensed plants), ISO alpha-3 codes.
    other_countries = models.JSONField(_("other countries of manufacture"), default=list)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("manufacturer")
        verbose_name_plural = _("manufacturers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class ManufacturerAlias(models.Model):
    """Another name of a manufacturer, or a code it stamps in its marks ("FN", "CZ", "HK")."""

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("text"), max_length=200)
    key = models.CharField(_("comparison key"), max_length=200, db_index=True, editable=False)
    is_mark_code = models.BooleanField(_("code used in marks"), default=False)

    class Meta:
        verbose_name = _("manufacturer alias")
        verbose_name_plural = _("manufacturer aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "key", "is_mark_code"], name="registry_maker_alias_once"
            )
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.key = name_key(self.text)
        super().save(*args, **kwargs)


class Calibre(models.Model):
    """A calibre under its normalised name ("7.62×39 mm")."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    key = models.CharField(_("comparison key"), max_length=60, unique=True, editable=False)

    class Meta:
        verbose_name = _("calibre")
        verbose_name_plural = _("calibres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.key = calibre_key(self.name)
        super().save(*args, **kwargs)


class CalibreAlias(models.Model):
    """Another way the calibre is written ("7.62 M43", "7.62 Soviet")."""

    calibre = models.ForeignKey(Calibre, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("text"), max_length=60)
    key = models.CharField(_("comparison key"), max_length=60, unique=True, editable=False)

    class Meta:
        verbose_name = _("calibre alias")
        verbose_name_plural = _("calibre aliases")

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.key = calibre_key(self.text)
        super().save(*args, **kwargs)


class WeaponModel(models.Model):
    """A model of weapon; look-alikes are models that are easily taken for one another."""

    manufacturer = models.ForeignKey(
        Manufacturer,
        verbose_name=_("manufacturer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="models",
    )
    name = models.CharField(_("name"), max_length=120)
    key = models.CharField(_("comparison key"), max_length=120, db_index=True, editable=False)
    confusable = models.CharField(max_length=120, db_index=True, editable=False)
    weapon_type = models.CharField(_("type"), max_length=24, choices=WeaponType.choices)
    calibre = models.ForeignKey(
        Calibre, verbose_name=_("calibre"), null=True, blank=True, on_delete=models.PROTECT
    )
    lookalikes = models.ManyToManyField("self", verbose_name=_("look-alike models"), blank=True)

    class Meta:
        verbose_name = _("weapon model")
        verbose_name_plural = _("weapon models")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "key"], name="registry_model_once")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.key = name_key(self.name)
        self.confusable = confusable_key(self.name)
        super().save(*args, **kwargs)
