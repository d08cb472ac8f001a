from django.db import models
from django.utils.translation import gettext_lazy as _

# The parts of a contact, each with its length: one declaration for the State's points of contact,
# the report's contact blocks that feed them, their forms, the API and the workbook. The lengths
# are those real entries need (a ministry's directorate in Spanish passes 90 characters, a postal
# address with its building and floor 300).
CONTACT_LIMITS: dict[str, int] = {
    "title": 100,
    "name": 200,
    "position": 300,
    "organisation": 300,
    "address": 1000,
    "telephone": 60,
    "email": 254,
}
# The body is public; every other part names or reaches the person (see docs/security.md).
CONTACT_BODY_FIELDS = ("organisation",)


class ContactScope(models.TextChoices):
    POA = "poa", _("Programme of Action")
    ITI = "iti", _("International Tracing Instrument")
    BOTH = "both", _("Programme of Action and International Tracing Instrument")


class YesNoDeveloping(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DEVELOPING = "developing", _("Developing")


class ManufactureMarkElement(models.TextChoices):
    """ITI para 8(a): the elements of the mark applied at manufacture."""

    MANUFACTURER = "manufacturer", _("Name of the manufacturer")
    COUNTRY = "country", _("Country of manufacture")
    SERIAL = "serial", _("Serial number")
    YEAR = "year", _("Year of manufacture")
    MODEL = "model", _("Type or model")
    CALIBRE = "calibre", _("Calibre")
    SYMBOLS = "symbols", _("Geometric symbols with a code for the country of manufacture")


class ImportMarkElement(models.TextChoices):
    """ITI para 8(b): the mark applied on import."""

    COUNTRY = "country", _("Country of import")
    YEAR = "year", _("Year of import")
    UNIQUE_MARK = "unique_mark", _("A unique mark when the weapon arrives without one")
