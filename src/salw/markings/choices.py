"""What a weapon's parts and marks are called, shared by the registry and national practices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComponentKind(models.TextChoices):
    FRAME = "frame", _("Frame")
    RECEIVER = "receiver", _("Receiver")
    UPPER_RECEIVER = "upper_receiver", _("Upper receiver")
    LOWER_RECEIVER = "lower_receiver", _("Lower receiver")
    SLIDE = "slide", _("Slide")
    BARREL = "barrel", _("Barrel")
    BOLT = "bolt", _("Bolt")
    CYLINDER = "cylinder", _("Cylinder")
    FIRE_CONTROL_UNIT = "fire_control_unit", _("Fire-control unit")
    MARKING_PLATE = "marking_plate", _("Embedded marking plate")


class MarkingKind(models.TextChoices):
    """The occasions on which a mark is applied (ITI para 8; MOSAIC 05.30)."""

    MANUFACTURE = "manufacture", _("Manufacture")
    IMPORT = "import", _("Import")
    STATE_FORCES = "state_forces", _("State forces")
    CIVILIAN_TRANSFER = "civilian_transfer", _("Transfer to civilian use")
    CONFISCATION = "confiscation", _("Confiscation")
    DEACTIVATION = "deactivation", _("Deactivation")
    PROOF = "proof", _("Proof")
    OTHER = "other", _("Other")
