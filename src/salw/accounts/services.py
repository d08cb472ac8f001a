"""Changes to accounts: every write goes through one of these functions."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_supported_language_variant
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


def supported_language(code: str) -> str:
    """One of the site's six languages for `code` ("zh" and "zh-CN" give "zh-hans"), "" for
    none; anything else is refused rather than stored to fall back to English unseen."""
    if not code:
        return ""
    wanted = code.strip().lower()
    if wanted.startswith("zh"):
        wanted = "zh-hans"
    try:
        return get_supported_language_variant(wanted)
    except LookupError:
        raise ValidationError(
            {
                "language": _("“%(code)s” is not a language of the site: %(languages)s.")
                % {"code": code, "languages": ", ".join(c for c, _n in settings.LANGUAGES)}
            },
            code="language",
        ) from None


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
    language = supported_language(language)
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


@transaction.atomic
def add_member(
    organisation: Organisation,
    *,
    username: str,
    email: str,
    roles: Iterable[str],
    actor: Any,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
) -> User:
    """Add a person to an organisation; they choose their password through an e-mailed link.

    A focal point adds to its own State's team; an administrator to any organisation.
    """
    if not _may_manage(organisation, actor):
        raise Http404
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("This username is taken; choose another.")}, code="username_taken"
        )
    member = create_user(
        username=username,
        organisation=organisation,
        roles=roles,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    transaction.on_commit(lambda: send_password_link(member, welcome=True))
    return member


def _may_manage(organisation: Organisation, actor: Any) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.has_role(Role.ADMINISTRATOR):
        return True
    return actor.has_role(Role.FOCAL_POINT) and actor.organisation_id == organisation.pk


def password_link(user: User) -> str:
    """A one-time link to choose a password (Django's password-reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(user: User, *, welcome: bool) -> None:
    """E-mail the link in the person's language (Django's mail backend)."""
    with translation.override(user.mail_language):
        context = {"user": user, "link": password_link(user), "site_url": settings.SITE_URL}
        subject = _("Your salw account") if welcome else _("Choose a new salw password")
        body = render_to_string("accounts/email/password_link.txt", {**context, "welcome": welcome})
    send_mail(subject, body, None, [user.email])
