"""Organisations, users and the roles they hold."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import OrganisationKind, Role


class Organisation(models.Model):
    """Who a user works for: a State, the secretariat (UNODA) or a donor organisation."""

    kind = models.CharField(_("kind"), max_length=12, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    state = models.OneToOneField(
        "states.State",
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_state_iff_kind_state",
                condition=(Q(kind=OrganisationKind.STATE) & Q(state__isnull=False))
                | (~Q(kind=OrganisationKind.STATE) & Q(state__isnull=True)),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self) -> str:
        """The State's name in the current language, else the organisation's own name."""
        return self.state.name if self.state_id else self.name


class UserQuerySet(models.QuerySet):
    def visible_to(self, user: "User") -> "UserQuerySet":
        """Members of the viewer's own organisation; administrators see everyone."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.ADMINISTRATOR):
            return self
        return self.filter(organisation_id=user.organisation_id)

    def editable_by(self, user: "User") -> "UserQuerySet":
        """Whose roles the viewer may change: a State's focal point manages that State's team."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.ADMINISTRATOR):
            return self
        if user.has_role(Role.FOCAL_POINT):
            return self.filter(organisation_id=user.organisation_id)
        return self.none()


class SalwUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in. Belongs to one organisation and may hold several roles."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(_("preferred language"), max_length=7, blank=True)

    objects = SalwUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.role_grants.all())

    @property
    def mail_language(self) -> str:
        """The language e-mails to this person are written in: their choice, else the site's."""
        return self.language or settings.LANGUAGE_CODE

    def has_role(self, *roles: str) -> bool:
        """True if the user holds any of `roles`."""
        return bool(self.roles.intersection(roles))

    @property
    def state_id(self) -> int | None:
        """The State the user acts for, if the user works for a State."""
        organisation = self.organisation
        return organisation.state_id if organisation is not None else None

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in sorted(self.roles)]


class RoleGrant(models.Model):
    """One role held by one user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role}"
