"""Country profiles: a State's latest reported measures under the headings PoA-ISS used."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from salw.reporting.carry import map_questions
from salw.reporting.disclosure import public_answers
from salw.reporting.display import display_value
from salw.reporting.models import Question, Report

# PoA-ISS country profile headings → stable question ids of the current template.
HEADINGS: list[tuple[str, list[str]]] = [
    (_("Laws"), ["manufacture_laws", "transfer_laws", "brokering_laws", "transfer_offence"]),
    (
        _("National marking practices"),
        ["manufacture_marking_required", "manufacture_mark_content", "marking_practices"],
    ),
    (_("Import marking"), ["import_marking_required", "import_mark_content", "import_unique_mark"]),
    (_("Marking of State forces' weapons"), ["state_forces_marking", "civilian_transfer_marking"]),
    (_("Measures against removal of marks"), ["mark_removal_measures"]),
    (
        _("Record-keeping"),
        ["record_keeping_standards", "record_retention", "manufacture_records", "transfer_records"],
    ),
    (
        _("Tracing measures"),
        ["tracing_procedures", "tracing_requests_sent", "tracing_requests_received"],
    ),
    (_("Information exchange"), ["tracing_confidentiality", "interpol_cooperation"]),
    (_("Assistance needs"), ["assistance_needs", "assistance_needs_details"]),
    (_("Challenges and opportunities"), ["implementation_challenges"]),
]


@dataclass
class ProfileLine:
    number: str
    source: str
    question: str
    answers: list[str] = field(default_factory=list)  # one per cycle, oldest first

    @property
    def changed(self) -> bool:
        given = [a for a in self.answers if a != "—"]
        return len(set(given)) > 1


@dataclass
class ProfileHeading:
    title: str
    lines: list[ProfileLine] = field(default_factory=list)


def build_profile(reports: list[Report], language: str) -> list[ProfileHeading]:
    """Headings with, per question of the latest report's template, the answer of each report
    (oldest cycle first) as the public may read it; older templates are lined up by stable id
    and source reference."""
    if not reports:
        return []
    latest = reports[-1]
    texts = latest.template.texts_in(language)
    questions = {q.qid: q for q in latest.template.questions.all()}
    columns: list[dict[int, str]] = []  # per report: latest-template question id → answer text
    for report in reports:
        report_texts = report.template.texts_in(language)
        own = list(report.template.questions.all())
        values = public_answers(report)
        pairs = map_questions(own, list(questions.values())).pairs
        column: dict[int, str] = {}
        for question in own:
            target: Question | None = pairs.get(question.pk)
            if target is not None:
                column[target.pk] = display_value(question, values.get(question.pk), report_texts)
        columns.append(column)
    headings = []
    for title, qids in HEADINGS:
        heading = ProfileHeading(str(title))
        for qid in qids:
            question = questions.get(qid)
            if question is None:
                continue
            heading.lines.append(
                ProfileLine(
                    question.number,
                    question.source_ref,
                    question.label(texts),
                    [column.get(question.pk, "—") for column in columns],
                )
            )
        headings.append(heading)
    return headings
