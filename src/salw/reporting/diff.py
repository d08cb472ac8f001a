"""What changed between two reports: two versions of one cycle, or two cycles."""

from dataclasses import dataclass

from salw.reporting.carry import map_questions
from salw.reporting.display import display_value
from salw.reporting.models import Report


@dataclass
class DiffRow:
    old_number: str
    new_number: str
    source: str
    question: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def diff_reports(old: Report, new: Report, language: str | None = None) -> list[DiffRow]:
    """Every question of the newer report with both answers; questions are lined up by stable
    id and source reference when the two reports use different template versions."""
    old_texts = old.template.texts_in(language)
    new_texts = new.template.texts_in(language)
    old_questions = list(old.template.questions.all())
    new_questions = list(new.template.questions.all())
    old_values = {a.question_id: a.value for a in old.answers.all()}
    new_values = {a.question_id: a.value for a in new.answers.all()}
    mapping = map_questions(old_questions, new_questions)
    old_for_new = {q.pk: old_q for old_q in old_questions if (q := mapping.pairs.get(old_q.pk))}
    rows = []
    for question in new_questions:
        previous = old_for_new.get(question.pk)
        rows.append(
            DiffRow(
                old_number=previous.number if previous else "—",
                new_number=question.number,
                source=question.source_ref,
                question=question.label(new_texts),
                old=display_value(previous, old_values.get(previous.pk), old_texts)
                if previous
                else "—",
                new=display_value(question, new_values.get(question.pk), new_texts),
            )
        )
    return rows
