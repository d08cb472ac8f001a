"""National points of contact on the PoA and the ITI (resolution 76/232 para 4; ITI para 25)."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.states.choices import ContactScope
from salw.states.models.geography import State


class PointOfContactQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "PointOfContactQuerySet":
        """Names and telephone numbers are for signed-in officials, not the public."""
        if not user.is_authenticated:
            return self.none()
        return self

    def editable_by(self, user: Any) -> "PointOfContactQuerySet":
        """The records of the States the user keeps current (see StateQuerySet.editable_by)."""
        return self.filter(state__in=State.objects.editable_by(user))

    def public(self) -> "PointOfContactQuerySet":
        """What anyone may read: which body is the point of contact, not who."""
        return self.only("state", "scope", "organisation", "position")


class PointOfContact(models.Model):
    """The person a State designates to liaise on the PoA, the ITI, or both.

    One current record per State and scope; every edit is kept in the change log.
    """

    state = models.ForeignKey(
        "states.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="points_of_contact",
    )
    scope = models.CharField(_("for"), max_length=4, choices=ContactScope.choices)
    title = models.CharField(_("title"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300)
    address = models.TextField(_("address"), blank=True)
    telephone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PointOfContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")
        ordering = ["state__iso3", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["state", "scope"], name="one_contact_per_scope"),
            # A State names either one contact for both instruments or one for each.
            models.CheckConstraint(
                name="contact_scope_known", condition=Q(scope__in=ContactScope.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.scope}: {self.name}"
