from salw.reporting.models.contacts import ContactEntry, ContactKind
from salw.reporting.models.marking import MarkElement, MarkingPractice, MarkKind
from salw.reporting.models.meetings import Meeting, ReportingCycle
from salw.reporting.models.questionnaire import Question, Section, TemplateText, TemplateVersion
from salw.reporting.models.reports import (
    Answer,
    AnswerRevision,
    Reminder,
    Report,
    ReportEvent,
    ReportFile,
)

__all__ = [
    "Answer",
    "AnswerRevision",
    "ContactEntry",
    "ContactKind",
    "MarkElement",
    "MarkKind",
    "MarkingPractice",
    "Meeting",
    "Question",
    "Reminder",
    "Report",
    "ReportEvent",
    "ReportFile",
    "ReportingCycle",
    "Section",
    "TemplateText",
    "TemplateVersion",
]
