from django.db import models
from django.utils.translation import gettext_lazy as _


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
