from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    STATE = "state", _("State")
    SECRETARIAT = "secretariat", _("Secretariat")
    DONOR = "donor", _("Donor organisation")


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    CONTRIBUTOR = "contributor", _("Contributor")
    RECORD_KEEPER = "record_keeper", _("Record keeper")
    TRACING_OFFICER = "tracing_officer", _("Tracing officer")
    SECRETARIAT_ANALYST = "secretariat_analyst", _("Secretariat analyst")
    DONOR = "donor", _("Donor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Which kinds of organisation may hold each role. States offer assistance too, so may be donors.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.FOCAL_POINT: {OrganisationKind.STATE},
    Role.CONTRIBUTOR: {OrganisationKind.STATE},
    Role.RECORD_KEEPER: {OrganisationKind.STATE},
    Role.TRACING_OFFICER: {OrganisationKind.STATE},
    Role.SECRETARIAT_ANALYST: {OrganisationKind.SECRETARIAT},
    Role.DONOR: {OrganisationKind.DONOR, OrganisationKind.STATE},
    Role.ADMINISTRATOR: {OrganisationKind.SECRETARIAT},
}
