"""The closed lists of a tracing request (ITI paras 6, 14, 17 and 21-23)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    DIRECT = "direct", _("Direct, State to State")
    INTERPOL = "interpol", _("Through INTERPOL")


class IllicitGround(models.TextChoices):
    """The five cases of ITI para 6 in which a weapon is illicit."""

    UNMARKED = "unmarked", _("Not marked as the Instrument requires")
    UNRECORDED = "unrecorded", _("Not recorded as the Instrument requires")
    CONSIDERED_ILLICIT = "national_law", _("Illicit under the law of the State where found")
    TRANSFER = "transfer", _("Transferred in breach of an arms embargo or without authorisation")
    OTHER_INSTRUMENT = "other", _("Illicit under another international instrument")


class HowFound(models.TextChoices):
    SEIZED = "seized", _("Seized")
    FOUND = "found", _("Found")
    SURRENDERED = "surrendered", _("Surrendered")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class Step(models.TextChoices):
    """One step of a request's life, recorded as an append-only event."""

    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    QUESTION = "question", _("Follow-up question")
    REPLY = "reply", _("Reply")
    CLOSED = "closed", _("Closed with feedback")


class AnswerKind(models.TextChoices):
    FULL = "full", _("Full")
    PARTIAL = "partial", _("Partial")
    DELAYED = "delayed", _("Delayed")
    DECLINED = "declined", _("Declined")


class WithholdingReason(models.TextChoices):
    """Why an answer is delayed or declined (ITI para 23)."""

    INVESTIGATION = "investigation", _("Ongoing criminal investigation")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality law")
    SECURITY = "security", _("National security")
    OTHER = "other", _("Other")


# The state a request is in after each step; questions and replies leave it as it was.
STATE_AFTER = {
    Step.DRAFTED: Step.DRAFTED,
    Step.SENT: Step.SENT,
    Step.ACKNOWLEDGED: Step.ACKNOWLEDGED,
    Step.ANSWERED: Step.ANSWERED,
    Step.CLOSED: Step.CLOSED,
}


class RequestedAs(models.TextChoices):
    """Why this State is asked (ITI para 17)."""

    MANUFACTURE = "manufacture", _("Country of manufacture")
    LAST_IMPORT = "last_import", _("Country of last import")
    OTHER = "other", _("Other State with relevant information")


class Deadline(models.TextChoices):
    """What the requested State owes by a deadline (see `deadlines.py`)."""

    ACKNOWLEDGE = "acknowledge", _("acknowledgement")
    ANSWER = "answer", _("answer")


class ReminderLevel(models.TextChoices):
    """Whom a reminder of an overdue request went to."""

    OFFICERS = "officers", _("the requested State's tracing officers")
    FOCAL_POINTS = (
        "focal_points",
        _("the requested State's tracing officers and focal points (escalated)"),
    )
