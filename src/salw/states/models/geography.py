"""UN Member States and observer States, with their M49 regions and names in six languages."""

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import Role


def language_key(language: str | None = None) -> str:
    """The catalogue key ('ar', 'zh-hans', ...) for a Django language code."""
    code = (language or get_language() or "en").lower()
    return "zh-hans" if code.startswith("zh") else code.split("-")[0]


class NamedInLanguages(models.Model):
    """A model whose display name is a row per language, English as the fallback."""

    class Meta:
        abstract = True

    def name_in(self, language: str | None = None) -> str:
        key = language_key(language)
        names = {n.language: n.name for n in self.names.all()}
        return names.get(key) or names.get("en") or str(self.pk)

    @property
    def name(self) -> str:
        return self.name_in()


class Region(NamedInLanguages):
    """An M49 region (Africa, Americas, ...) or sub-region (Eastern Africa, ...)."""

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subregions",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["m49"]

    def __str__(self) -> str:
        return self.name_in("en")


class RegionName(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(_("language"), max_length=7)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "language"], name="region_name_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.name}"


class StateStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Non-member observer State")


class StateQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "StateQuerySet":
        """Reference data: every visitor may read every State."""
        return self

    def editable_by(self, user: Any) -> "StateQuerySet":
        """States whose own records (contacts, marking practices) the user keeps current:
        a focal point its own State; an administrator any State."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.ADMINISTRATOR):
            return self
        if user.has_role(Role.FOCAL_POINT) and user.state_id:
            return self.filter(pk=user.state_id)
        return self.none()

    def with_names(self) -> "StateQuerySet":
        return self.select_related("region", "subregion").prefetch_related(
            "names", "region__names", "subregion__names"
        )


class State(NamedInLanguages):
    """A State that takes part in the PoA and the ITI: its codes, status and M49 grouping.

    Public reference data: every visitor may read it.
    """

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=StateStatus.choices)
    un_member_since = models.PositiveSmallIntegerField(_("UN member since"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    subregion = models.ForeignKey(
        Region, verbose_name=_("sub-region"), on_delete=models.PROTECT, related_name="+"
    )

    objects = StateQuerySet.as_manager()

    class Meta:
        verbose_name = _("State")
        verbose_name_plural = _("States")
        ordering = ["iso3"]

    def __str__(self) -> str:
        return self.name_in("en")


class StateName(models.Model):
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(_("language"), max_length=7)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["state", "language"], name="state_name_per_language")
        ]
        indexes = [models.Index(fields=["language", "name"])]

    def __str__(self) -> str:
        return f"{self.language}: {self.name}"
