"""A report as PDF: the public page's template for a published report, the page's partials for
any version printed for clearance. Layout, fonts and direction are `salw.core.pdf`'s."""

from django.http import HttpRequest

from salw.core.pdf import render_pdf
from salw.reporting.models import Report


def report_pdf(
    report: Report, language: str, *, public: bool, request: HttpRequest | None = None
) -> bytes:
    """The report in `language`: questions in that language, answers as the State wrote them.

    `public` prints exactly what the public page shows; otherwise every answer is printed.
    """
    # The page's own context builders; imported here because the views import this module.
    from salw.reporting.views.public import answered_sections, public_report_context

    if public:
        context = public_report_context(report, language)
        template = "reporting/public_detail.html"
    else:
        context = {
            "report": report,
            "sections": answered_sections(report, language, everything=True),
            "title": report.template.texts_in(language).get("title", ""),
        }
        template = "reporting/report_print.html"
    context["print_title"] = f"{report.state.name_in(language)} — {report.cycle.meeting.name}"
    return render_pdf(template, context, language=language, request=request)
