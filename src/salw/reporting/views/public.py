"""The public reports database, published reports, country profiles and cycle downloads."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from salw.core.downloads import table_format, table_response
from salw.reporting import search
from salw.reporting.disclosure import public_answers
from salw.reporting.display import display_value
from salw.reporting.exports import cycle_csv_rows
from salw.reporting.filters import PublishedReportFilter, language_name
from salw.reporting.models import Report, ReportingCycle
from salw.reporting.profiles import build_profile
from salw.states.models import State

PAGE_SIZE = 20


def published_reports() -> Any:
    return Report.objects.published().select_related(
        "state", "state__region", "cycle__meeting", "template"
    )


def report_list(request: HttpRequest) -> HttpResponseBase:
    """Public: browse and search published reports; `?format=csv` or `?format=xlsx` downloads
    the results."""
    filterset = PublishedReportFilter(
        request.GET,
        queryset=published_reports()
        .prefetch_related("state__names", "state__region__names")
        .order_by("-cycle__due_on", "state__iso3"),
    )
    # A filter it does not understand is said, by its field, and finds nothing: never ignored.
    understood = filterset.is_valid()
    reports = filterset.qs if understood else filterset.queryset.none()
    if understood and (file_format := table_format(request)):
        # Codes (ISO 3166, meeting, language tag) with their names in the reader's language.
        header = ["state", "name", "region", "cycle", "meeting", "year", "version", "language"]
        rows = [[*header, "language_name", "url"]]
        rows += [
            [
                r.state.iso3,
                r.state.name,
                r.state.region.name,
                r.cycle.meeting.code,
                r.cycle.meeting.name,
                r.cycle.year,
                r.version,
                r.language,
                language_name(r.language),
                request.build_absolute_uri(reverse("reporting:public_detail", args=[r.pk])),
            ]
            for r in reports
        ]
        return table_response(rows, "reports", file_format, title="reports")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = (filterset.form.cleaned_data.get("q") or "") if understood else ""
    languages = {report.pk: report.language for report in page}
    found = search.excerpts(list(languages), query, languages=languages) if query else {}
    results = [
        {
            "report": report,
            "excerpts": found.get(report.pk, []),
            "language": language_name(report.language),
        }
        for report in page
    ]
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "filter": filterset,
        "understood": understood,
        "page": page,
        "results": results,
        "query": query,
        "querystring": querystring.urlencode(),
    }
    return render(request, "reporting/public_list.html", context, status=200 if understood else 400)


def answered_sections(
    report: Report, language: str, *, everything: bool = False
) -> list[dict[str, Any]]:
    """The report laid out like the questionnaire, as the public may read it (salw.reporting.
    disclosure); with `everything`, every answer, for the State's own print for clearance."""
    texts = report.template.texts_in(language)
    if everything:
        values = {answer.question_id: answer.value for answer in report.answers.all()}
    else:
        values = public_answers(report)
    sections: list[dict[str, Any]] = []
    for question in report.template.questions.select_related("section"):
        if not sections or sections[-1]["key"] != question.section.key:
            sections.append(
                {
                    "key": question.section.key,
                    "number": question.section.number,
                    "title": texts.get(f"section:{question.section.key}", ""),
                    "rows": [],
                }
            )
        sections[-1]["rows"].append(
            {
                "number": question.number,
                "source": question.source_ref,
                "question": question.label(texts),
                "answer": display_value(question, values.get(question.pk), texts, isolate=True),
            }
        )
    return sections


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a published report (latest version), read-only."""
    report = get_object_or_404(published_reports(), pk=pk)
    context = public_report_context(report, request.LANGUAGE_CODE)
    return render(request, "reporting/public_detail.html", context)


def public_report_context(report: Report, language: str) -> dict[str, Any]:
    """What the public sees of a published report, on its page and in its PDF alike."""
    return {
        "report": report,
        "sections": answered_sections(report, language),
        "title": report.template.texts_in(language).get("title", ""),
    }


def country_profile(request: HttpRequest, iso3: str) -> HttpResponse:
    """Public: a State's latest reported measures under the PoA-ISS headings, across cycles."""
    state = get_object_or_404(State.objects.with_names(), iso3=iso3.upper())
    reports = list(published_reports().filter(state=state).order_by("cycle__due_on"))
    context = {
        "state": state,
        "reports": reports,
        "headings": build_profile(reports, request.LANGUAGE_CODE),
    }
    return render(request, "reporting/country_profile.html", context)


def cycle_csv(request: HttpRequest, code: str, file_format: str = "csv") -> HttpResponseBase:
    """Public: every answer of every published report of a cycle, one row per answer."""
    cycle = ReportingCycle.objects.select_related("meeting").filter(meeting__code=code).first()
    if cycle is None:
        raise Http404
    rows = cycle_csv_rows(cycle, request.LANGUAGE_CODE)
    return table_response(rows, f"answers-{code}", file_format, title=code)
