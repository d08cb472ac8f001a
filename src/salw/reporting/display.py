"""Answers as people read them, in the reader's language."""

from typing import Any

from django.utils.translation import gettext as _

from salw.reporting.choices import CONTACT_FIELDS, QuestionKind
from salw.reporting.models import Question


def display_value(question: Question, value: Any, texts: dict[str, str]) -> str:
    """One line of text for an answer ('—' when there is none)."""
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
        return ", ".join(value[name] for name in CONTACT_FIELDS if value.get(name))
    if question.kind == QuestionKind.TABLE:
        rows = [" / ".join(row.get(c, "") for c in question.columns) for row in value]
        return " | ".join(rows)
    if question.kind == QuestionKind.INTEGER and texts.get(f"unit:{question.qid}"):
        return _("%(number)s %(unit)s") % {"number": value, "unit": texts[f"unit:{question.qid}"]}
    return str(value)
