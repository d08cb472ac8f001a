from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.states.choices import CONTACT_LIMITS

# The six UN languages, as stored in template text rows and report languages.
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh-hans")


class MeetingKind(models.TextChoices):
    BMS = "bms", _("Biennial Meeting of States")
    REVCON = "revcon", _("Review Conference")
    MGE = "mge", _("Open-ended Meeting of Governmental Experts")


class QuestionKind(models.TextChoices):
    YES_NO_DEVELOPING = "yes_no_developing", _("Yes / No / Developing")
    YES_NO = "yes_no", _("Yes / No")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CONTACT = "contact", _("Contact details")
    FILE = "file", _("Document (upload or reference)")
    TABLE = "table", _("Table")


# Kinds whose answer is one of the question's options, or several of them.
CHOICE_KINDS = {
    QuestionKind.YES_NO_DEVELOPING,
    QuestionKind.YES_NO,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
}
# The options these kinds always have; the template gives only their labels (option sets).
FIXED_OPTIONS = {
    QuestionKind.YES_NO_DEVELOPING: ["yes", "no", "developing"],
    QuestionKind.YES_NO: ["yes", "no"],
}
# The parts of a contact block: the same as a State's point of contact, with the same limits.
CONTACT_FIELDS = tuple(CONTACT_LIMITS)
CONTACT_LABELS = {
    "title": _("Title (Mr./Ms.)"),
    "name": _("Name"),
    "position": _("Position"),
    "organisation": _("Organisation"),
    "address": _("Address"),
    "telephone": _("Telephone"),
    "email": _("E-mail"),
}
# Kinds whose answer is text worth indexing for the public search.
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT, QuestionKind.TABLE}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Visibility(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CONFIDENTIAL = "confidential", _("Confidential")


class ReportEventKind(models.TextChoices):
    STARTED = "started", _("Draft started")
    SAVED = "saved", _("Answers saved")
    SUBMITTED = "submitted", _("Submitted")
    AMENDED = "amended", _("Amendment started")
    VISIBILITY = "visibility", _("Publication changed")
