"""A report as PDF, laid out like the questionnaire, correct in all six languages.

The page, fonts and shaping are `salw.core.pdf`'s; this module only says what goes on it.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from fpdf_baseline.document import PdfDocument
from salw.reporting.display import display_value
from salw.reporting.models import Report


def report_pdf(report: Report, language: str) -> bytes:
    """The report as PDF: questions in `language`, answers as the State wrote them."""
    texts = report.template.texts_in(language)
    with translation.override(language):
        document = PdfDocument(texts.get("title", ""), language=language)
        document.paragraph(
            _("%(state)s — %(meeting)s — version %(version)s (%(status)s)")
            % {
                "state": report.state.name_in(language),
                "meeting": report.cycle.meeting.name,
                "version": report.version,
                "status": report.get_status_display(),
            }
        )
    if report.template.reconstruction:
        document.paragraph(texts.get("note", ""), size=8)
    values = {a.question_id: a.value for a in report.answers.all()}
    current_section = None
    for question in report.template.questions.select_related("section"):
        if question.section.key != current_section:
            current_section = question.section.key
            title = texts.get(f"section:{current_section}", "")
            document.heading(f"{question.section.number}. {title}", level=3)
        source = f" [{question.source_ref}]" if question.source_ref else ""
        document.paragraph(f"{question.number}{source} {question.label(texts)}", size=9)
        document.paragraph(display_value(question, values.get(question.pk), texts), indent=8)
    return document.output()
