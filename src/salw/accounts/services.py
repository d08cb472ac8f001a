"""Changes to accounts: every write goes through one of these functions."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.choices import ROLE_ORGANISATION_KINDS, Role
from salw.accounts.models import Organisation, RoleGrant, User
from salw.core.permissions import get_editable_or_404


def check_role_fits(role: str, organisation: Organisation | None) -> None:
    """A focal point works for a State, an analyst for the secretariat, and so on."""
    allowed = ROLE_ORGANISATION_KINDS[Role(role)]
    if organisation is None or organisation.kind not in allowed:
        raise ValidationError(
            _("The role “%(role)s” cannot be held by a member of this organisation.")
            % {"role": Role(role).label},
            code="role_organisation",
        )


@transaction.atomic
def create_user(
    *,
    username: str,
    organisation: Organisation | None,
    roles: Iterable[str] = (),
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "",
) -> User:
    """Create a user with roles; an unusable password when none is given."""
    roles = list(roles)
    for role in roles:
        check_role_fits(role, organisation)
    user = User(
        username=username,
        organisation=organisation,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@transaction.atomic
def set_roles(member: User, roles: Iterable[str], *, actor: User) -> User:
    """Give `member` exactly `roles`. Only the member's focal point or an administrator may."""
    member = get_editable_or_404(User.objects.all(), actor, pk=member.pk)
    wanted = set(roles)
    for role in wanted:
        check_role_fits(role, member.organisation)
    if member.pk == actor.pk and Role.FOCAL_POINT in member.roles - wanted:
        raise ValidationError(
            _("You cannot remove your own focal point role; ask another focal point."),
            code="own_focal_point",
        )
    for grant in member.role_grants.exclude(role__in=wanted):
        grant.delete()
    for role in wanted - member.roles:
        RoleGrant.objects.create(user=member, role=role)
    member.__dict__.pop("roles", None)
    return member


def set_language(user: User, language: str) -> None:
    """Remember the user's language for the next sign-in, on any computer."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
