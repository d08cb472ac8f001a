"""A report as JSON with source references, and every answer of a cycle as CSV rows."""

import json
from collections.abc import Iterator
from typing import Any

from salw.reporting.disclosure import public_answers, public_value
from salw.reporting.display import display_value
from salw.reporting.models import Answer, Report, ReportingCycle


def report_as_json(
    report: Report, language: str | None = None, *, public: bool = False
) -> dict[str, Any]:
    """The report, section by section, each answer with its question's stable id, number and
    source reference, as stored (`value`) and as read (`text`); `public`: only what the public
    may read of it (salw.reporting.disclosure)."""
    texts = report.template.texts_in(language)
    if public:
        answers = public_answers(report)
    else:
        answers = {a.question_id: a.value for a in report.answers.all()}
    sections: list[dict[str, Any]] = []
    current_key = None
    for question in report.template.questions.select_related("section"):
        if question.section.key != current_key:
            current_key = question.section.key
            sections.append(
                {
                    "number": question.section.number,
                    "title": texts.get(f"section:{current_key}", current_key),
                    "answers": [],
                }
            )
        value = answers.get(question.pk)
        sections[-1]["answers"].append(
            {
                "id": question.qid,
                "number": question.number,
                "source": question.source_ref,
                "question": question.label(texts),
                "kind": question.kind,
                "value": value,
                "text": display_value(question, value, texts),
            }
        )
    return {
        "state": report.state.iso3,
        "cycle": report.cycle.meeting.code,
        "year": report.cycle.year,
        "template": report.template.code,
        "version": report.version,
        "status": report.status,
        "language": report.language,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "sections": sections,
    }


# `value` holds the codes as stored (JSON for lists, tables and contacts); `question` and
# `answer` are the same in words, in the language the file was asked in.
CSV_HEADER = [
    "state", "cycle", "version", "question_id", "number", "source", "value", "question", "answer"
]  # fmt: skip


def cycle_csv_rows(cycle: ReportingCycle, language: str | None = None) -> Iterator[list[str]]:
    """One row per answer of every published report of the cycle (latest versions only), as
    the public may read it (salw.reporting.disclosure), with the question and the answer in
    words in `language` beside the stored codes."""
    texts_by_template: dict[int, dict[str, str]] = {}
    yield CSV_HEADER
    answers = (
        Answer.objects.filter(report__in=Report.objects.published().filter(cycle=cycle))
        .select_related("report__state", "report__template", "question")
        .order_by("report__state__iso3", "question__position")
    )
    for answer in answers.iterator(chunk_size=2000):
        value = public_value(answer.question, answer.value)
        if value is None:
            continue
        template = answer.report.template
        if template.pk not in texts_by_template:
            texts_by_template[template.pk] = template.texts_in(language)
        texts = texts_by_template[template.pk]
        yield [
            answer.report.state.iso3,
            cycle.meeting.code,
            str(answer.report.version),
            answer.question.qid,
            answer.question.number,
            answer.question.source_ref,
            # Neutralised where it is written (salw.core.downloads).
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
            answer.question.label(texts),
            display_value(answer.question, value, texts),
        ]
