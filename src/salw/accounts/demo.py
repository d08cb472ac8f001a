"""Demo organisations and named personas, used by `make run` and reused by the tests."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.choices import OrganisationKind, Role
from salw.accounts.models import Organisation, User
from salw.accounts.services import create_user
from salw.states.models import State

SECRETARIAT_NAME = "United Nations Office for Disarmament Affairs"
DONOR_NAME = "Demo Donor Agency"


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    organisation: str  # a State's ISO alpha-3 code, "secretariat" or "donor"
    roles: tuple[str, ...]
    language: str = ""

    @property
    def password(self) -> str:
        # Demo only: seeding refuses to run unless SALW_DEMO is on.
        return f"{self.username}-demo"


PERSONAS = (
    Persona("analyst", "Amina Haddad", "secretariat", (Role.SECRETARIAT_ANALYST,)),
    Persona("admin", "Lars Berg", "secretariat", (Role.ADMINISTRATOR, Role.SECRETARIAT_ANALYST)),
    Persona("kenya.focal", "Wanjiru Kamau", "KEN", (Role.FOCAL_POINT, Role.CONTRIBUTOR)),
    Persona("kenya.records", "Otieno Mwangi", "KEN", (Role.RECORD_KEEPER, Role.TRACING_OFFICER)),
    Persona("peru.focal", "Lucía Quispe", "PER", (Role.FOCAL_POINT, Role.CONTRIBUTOR), "es"),
    Persona(
        "peru.records", "Jorge Huamán", "PER", (Role.RECORD_KEEPER, Role.TRACING_OFFICER), "es"
    ),
    Persona("donor", "Sofia Lindqvist", "donor", (Role.DONOR,)),
)


def persona(username: str) -> Persona:
    return next(p for p in PERSONAS if p.username == username)


def _organisation(key: str) -> Organisation:
    if key == "secretariat":
        organisation, _created = Organisation.objects.get_or_create(
            kind=OrganisationKind.SECRETARIAT, name=SECRETARIAT_NAME
        )
    elif key == "donor":
        organisation, _created = Organisation.objects.get_or_create(
            kind=OrganisationKind.DONOR, name=DONOR_NAME
        )
    else:
        state = State.objects.get(iso3=key)
        organisation, _created = Organisation.objects.get_or_create(
            kind=OrganisationKind.STATE, state=state, defaults={"name": str(state)}
        )
    return organisation


@transaction.atomic
def seed_demo() -> list[Persona]:
    """Create the missing demo organisations and personas; existing ones are left as they are."""
    if not settings.DEMO:
        raise ImproperlyConfigured(
            _("Demo accounts are refused: set SALW_DEMO=1 only on a demonstration machine.")
        )
    for p in PERSONAS:
        if User.objects.filter(username=p.username).exists():
            continue
        first, _space, last = p.full_name.partition(" ")
        create_user(
            username=p.username,
            organisation=_organisation(p.organisation),
            roles=p.roles,
            password=p.password,
            first_name=first,
            last_name=last,
            email=f"{p.username}@example.org",
            language=p.language,
        )
    return list(PERSONAS)
