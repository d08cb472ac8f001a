"""Answers as people read them, in the reader's language."""

from typing import Any

from django.utils.translation import gettext as _

from salw.reporting.choices import CONTACT_FIELDS, QuestionKind
from salw.reporting.models import Question

# Contact parts written left to right in every language; on a page or in a PDF they are
# isolated (U+2066 … U+2069) so that right-to-left text around them keeps their order.
LEFT_TO_RIGHT_PARTS = ("telephone", "email")


def display_value(
    question: Question, value: Any, texts: dict[str, str], *, isolate: bool = False
) -> str:
    """One line of text for an answer ('—' when there is none); with `isolate`, for a page:
    telephone numbers and e-mail addresses keep their order in right-to-left text."""
    if value is None or value == "" or value == []:
        return "—"
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return "; ".join(question.option_label(texts, v) for v in value)
    if question.options and isinstance(value, str):
        return question.option_label(texts, value)
    if question.kind == QuestionKind.FILE and isinstance(value, dict):
        parts = [value.get("name") or "", value.get("reference") or ""]
        return " — ".join(p for p in parts if p) or "—"
    if question.kind == QuestionKind.CONTACT:
        return ", ".join(
            f"\u2066{value[name]}\u2069" if isolate and name in LEFT_TO_RIGHT_PARTS else value[name]
            for name in CONTACT_FIELDS
            if value.get(name)
        )
    if question.kind == QuestionKind.TABLE:
        rows = [" / ".join(row.get(c, "") for c in question.columns) for row in value]
        return " | ".join(rows)
    if question.kind == QuestionKind.INTEGER and texts.get(f"unit:{question.qid}"):
        return _("%(number)s %(unit)s") % {"number": value, "unit": texts[f"unit:{question.qid}"]}
    return str(value)
