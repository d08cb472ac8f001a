"""National marking practices (resolution 76/232 para 4; ITI paras 7–10; MOSAIC 05.30)."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import Role
from salw.markings.choices import ComponentKind, MarkingKind
from salw.states.choices import (
    ImportMarkElement,
    ManufactureMarkElement,
    YesNoDeveloping,
)
from salw.states.models.geography import State


class MarkingPracticeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "MarkingPracticeQuerySet":
        """Marking practices are reported publicly, so that others can read the marks; one
        taken from a report the State kept confidential is for that State and the secretariat."""
        if user.is_authenticated and user.has_role(Role.SECRETARIAT_ANALYST, Role.ADMINISTRATOR):
            return self
        if user.is_authenticated and user.state_id:
            return self.filter(Q(confidential=False) | Q(state_id=user.state_id))
        return self.filter(confidential=False)

    def editable_by(self, user: Any) -> "MarkingPracticeQuerySet":
        """The records of the States the user keeps current (see StateQuerySet.editable_by)."""
        return self.filter(state__in=State.objects.editable_by(user))


class MarkingPractice(models.Model):
    """How a State marks small arms and light weapons: at manufacture, on import, in its forces."""

    state = models.OneToOneField(
        "states.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="marking_practice",
    )
    manufacture_elements = models.JSONField(
        _("elements of the manufacture mark"), default=list, blank=True
    )
    marked_components = models.JSONField(_("components marked"), default=list, blank=True)
    import_marking = models.CharField(
        _("imported weapons are marked"),
        max_length=10,
        choices=YesNoDeveloping.choices,
        blank=True,
    )
    import_elements = models.JSONField(_("elements of the import mark"), default=list, blank=True)
    state_forces_marking = models.CharField(
        _("weapons of the State's forces are marked"),
        max_length=10,
        choices=YesNoDeveloping.choices,
        blank=True,
    )
    state_forces_mark = models.TextField(_("the State forces mark"), blank=True)
    civilian_transfer_marking = models.CharField(
        _("weapons transferred from State stocks to civilian use are marked"),
        max_length=10,
        choices=YesNoDeveloping.choices,
        blank=True,
    )
    polymer_rule = models.TextField(_("rule for polymer-frame weapons"), blank=True)
    modular_rule = models.TextField(_("rule for modular weapons"), blank=True)
    removal_measures = models.TextField(
        _("measures against the removal or alteration of marks"), blank=True
    )
    # Set when the practice came from a report the State kept confidential.
    confidential = models.BooleanField(_("from a confidential report"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MarkingPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("marking practice")
        verbose_name_plural = _("marking practices")

    def __str__(self) -> str:
        return f"marking practice {self.state_id}"

    @property
    def element_labels(self) -> dict[str, list[str]]:
        """The stored choices of each list field, as labels in the active language."""
        lists = {
            "manufacture_elements": ManufactureMarkElement,
            "marked_components": ComponentKind,
            "import_elements": ImportMarkElement,
        }
        return {
            name: [str(choices(value).label) for value in getattr(self, name) if value in choices]
            for name, choices in lists.items()
        }


class MarkingExampleQuerySet(models.QuerySet):
    def current(self) -> "MarkingExampleQuerySet":
        return self.filter(withdrawn_at__isnull=True)


def _example_path(example: "MarkingExample", filename: str) -> str:
    # The stored name never comes from the uploader: only the checked image format does.
    return f"marking/{example.practice.state.iso3}/{example.token}.{example.image_format}"


class MarkingExample(models.Model):
    """A photo or drawing of a national mark. Withdrawn, never deleted."""

    practice = models.ForeignKey(MarkingPractice, on_delete=models.PROTECT, related_name="examples")
    kind = models.CharField(_("kind of mark"), max_length=20, choices=MarkingKind.choices)
    caption = models.CharField(_("caption"), max_length=300)
    image = models.ImageField(_("image"), upload_to=_example_path)
    image_format = models.CharField(max_length=4, editable=False)
    token = models.CharField(max_length=32, unique=True, editable=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = MarkingExampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("example of a mark")
        verbose_name_plural = _("examples of marks")
        ordering = ["added_at"]

    def __str__(self) -> str:
        return self.caption
