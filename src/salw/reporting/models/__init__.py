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
