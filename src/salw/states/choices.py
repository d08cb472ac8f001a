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


class MarkedComponent(models.TextChoices):
    FRAME = "frame", _("Frame")
    RECEIVER = "receiver", _("Receiver")
    SLIDE = "slide", _("Slide")
    BARREL = "barrel", _("Barrel")
    BOLT = "bolt", _("Bolt or breech block")
    CYLINDER = "cylinder", _("Cylinder")
    FIRE_CONTROL = "fire_control", _("Fire-control unit")
    EMBEDDED_PLATE = "embedded_plate", _("Metal plate embedded in a polymer frame")


class MarkingExampleKind(models.TextChoices):
    MANUFACTURE = "manufacture", _("Manufacture mark")
    IMPORT = "import", _("Import mark")
    STATE_FORCES = "state_forces", _("State forces mark")
    OTHER = "other", _("Other mark")
