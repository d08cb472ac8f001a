"""National points of contact on the PoA and the ITI (resolution 76/232 para 4; ITI para 25)."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import Role
from salw.states.choices import CONTACT_LIMITS, ContactScope
from salw.states.models.geography import State

# Who reads the directory of named contacts (States' officials who liaise, and the secretariat).
CONTACT_READER_ROLES = (
    Role.FOCAL_POINT,
    Role.TRACING_OFFICER,
    Role.SECRETARIAT_ANALYST,
    Role.ADMINISTRATOR,
)


class PointOfContactQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "PointOfContactQuerySet":
        """Names and telephone numbers are for the people who work with them: States' focal
        points and tracing officers, and the secretariat; not donors, not the public."""
        if not user.is_authenticated:
            return self.none()
        if not user.has_role(*CONTACT_READER_ROLES):
            return self.none()
        return self

    def editable_by(self, user: Any) -> "PointOfContactQuerySet":
        """The records of the States the user keeps current (see StateQuerySet.editable_by)."""
        return self.filter(state__in=State.objects.editable_by(user))

    def public(self) -> "PointOfContactQuerySet":
        """What anyone may read: which body is the point of contact, not who; nothing of a
        contact taken from a report the State kept confidential."""
        return self.filter(confidential=False).only("state", "scope", "organisation")


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
    title = models.CharField(_("title"), max_length=CONTACT_LIMITS["title"], blank=True)
    name = models.CharField(_("name"), max_length=CONTACT_LIMITS["name"])
    position = models.CharField(_("position"), max_length=CONTACT_LIMITS["position"], blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=CONTACT_LIMITS["organisation"], blank=True
    )
    address = models.CharField(_("address"), max_length=CONTACT_LIMITS["address"], blank=True)
    telephone = models.CharField(_("telephone"), max_length=CONTACT_LIMITS["telephone"], blank=True)
    email = models.EmailField(_("e-mail"), max_length=CONTACT_LIMITS["email"], blank=True)
    # Set when the contact came from a report the State kept confidential: then not even the
    # body is shown to the public.
    confidential = models.BooleanField(_("from a confidential report"), default=False)
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
