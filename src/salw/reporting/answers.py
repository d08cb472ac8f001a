"""Answers by kind: turning what a person typed into a stored value, skip rules, completeness.

Values are stored as JSON: a string option, a list of options, an integer, a decimal as a
string (exact), an ISO date string, text, a contact mapping, or a list of table rows.

Each answer type's limits are declared here once (contact parts: `CONTACT_LIMITS`, the State's
points of contact's own field lengths), and every door goes through `clean_value`: the section
form (whose fields also carry the limits as `maxlength`), the API, the workbook import and the
CLI, so a submission can never meet a limit a section did not.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.core.text import clean_text, soften_line_breaks
from salw.reporting.choices import CONTACT_FIELDS, CONTACT_LABELS, QuestionKind
from salw.reporting.disclosure import PUBLISH_PERSON
from salw.reporting.models import Question
from salw.states.choices import CONTACT_LIMITS

SHORT_TEXT_MAX = 500  # short text, a table cell, a document reference
LONG_TEXT_MAX = 20_000
TABLE_ROWS_MAX = 200
# Text limits by answer type, for the forms' `maxlength`.
TEXT_LIMITS = {QuestionKind.SHORT_TEXT: SHORT_TEXT_MAX, QuestionKind.LONG_TEXT: LONG_TEXT_MAX}


def normalise_text(text: str) -> str:
    """Text as stored, by the one rule of every door (`salw.core.text.clean_text`): NFC, line
    breaks and tabs kept, a word processor's in-paragraph break made a space, and the characters
    that do not show (NUL and the other controls, zero-width spaces, soft hyphens, direction
    controls) removed: invisible, and fatal to spreadsheet, XML and PDF writers further on."""
    return clean_text(soften_line_breaks(text), multiline=True)


def is_empty(value: Any) -> bool:
    """True for no answer: None, blank text, an empty list, a mapping of blanks."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    if isinstance(value, dict):
        return all(v in ("", None) for k, v in value.items() if k != PUBLISH_PERSON)
    return False


def clean_value(question: Question, raw: Any) -> Any:
    """The value to store for `raw`, or ValidationError with a translated reason."""
    if is_empty(raw):
        return None
    kind = question.kind
    if kind in (QuestionKind.YES_NO_DEVELOPING, QuestionKind.YES_NO, QuestionKind.SINGLE_CHOICE):
        value = str(raw).strip()
        if value not in question.options:
            raise ValidationError(_("“%(value)s” is not one of the choices.") % {"value": value})
        return value
    if kind == QuestionKind.MULTIPLE_CHOICE:
        values = [raw] if isinstance(raw, str) else list(raw)
        wrong = [str(v) for v in values if str(v) not in question.options]
        if wrong:
            raise ValidationError(
                _("“%(value)s” is not one of the choices.") % {"value": ", ".join(wrong)}
            )
        return [option for option in question.options if option in {str(v) for v in values}]
    if kind == QuestionKind.INTEGER:
        try:
            number = whole_number(raw)
        except ValueError as error:
            raise ValidationError(_("Enter a whole number.")) from error
        _check_range(question, Decimal(number))
        return number
    if kind == QuestionKind.DECIMAL:
        try:
            decimal = Decimal(str(raw).strip().replace(" ", ""))
        except InvalidOperation as error:
            raise ValidationError(_("Enter a number.")) from error
        if not decimal.is_finite():
            raise ValidationError(_("Enter a number."))
        _check_range(question, decimal)
        return str(decimal)
    if kind == QuestionKind.DATE:
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        try:
            return datetime.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError as error:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from error
    if kind == QuestionKind.SHORT_TEXT:
        return _text(raw, SHORT_TEXT_MAX)
    if kind == QuestionKind.FILE:
        return _document(raw)
    if kind == QuestionKind.LONG_TEXT:
        return _text(raw, LONG_TEXT_MAX)
    if kind == QuestionKind.CONTACT:
        return _contact(raw)
    if kind == QuestionKind.TABLE:
        return _table(question, raw)
    raise ValidationError(_("This question cannot be answered."))


# What people put between groups of digits of a whole number, besides spaces of every kind
# (a no-break or narrow no-break space in French and Russian): commas (full-width in Chinese),
# the Arabic thousands separator, an apostrophe; and dots between groups of three (Spanish).
_DIGIT_GROUPING = re.compile("[,'\u2019\u066c\uff0c]")
_DOT_GROUPS = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")


def whole_number(raw: Any) -> int:
    """A whole number as people write it in any of the six languages, in any digits (Arabic-Indic,
    full-width): "10,000", "10 000", "10.000", "١٠٬٠٠٠", "１０，０００"; ValueError otherwise."""
    text = _DIGIT_GROUPING.sub("", "".join(c for c in str(raw) if not c.isspace()))
    if _DOT_GROUPS.fullmatch(text):
        text = text.replace(".", "")
    return int(text)


def shown_number(number: Decimal) -> str:
    """A limit as the reader writes numbers: 10 000 or 10,000 and 0,5 or 0.5, never 1E+4."""
    return formats.number_format(number.normalize())


def _check_range(question: Question, number: Decimal) -> None:
    if question.min_value is not None and number < question.min_value:
        raise ValidationError(
            _("Enter a number of at least %(min)s.") % {"min": shown_number(question.min_value)}
        )
    if question.max_value is not None and number > question.max_value:
        raise ValidationError(
            _("Enter a number of at most %(max)s.") % {"max": shown_number(question.max_value)}
        )


def _text(raw: Any, limit: int) -> str:
    text = normalise_text(str(raw)).strip()
    if len(text) > limit:
        raise ValidationError(
            ngettext(
                "Shorten this text to %(limit)s character at most.",
                "Shorten this text to %(limit)s characters at most.",
                limit,
            )
            % {"limit": limit}
        )
    return text


def _document(raw: Any) -> dict[str, Any] | None:
    """A document answer: a reference (title, symbol or link) and/or an attached file."""
    if isinstance(raw, str):
        raw = {"reference": raw}
    if not isinstance(raw, Mapping) or set(raw) - {"reference", "file", "name", "size"}:
        raise ValidationError(_("Give a document reference, or attach a file."))
    value: dict[str, Any] = {"reference": _text(raw.get("reference") or "", SHORT_TEXT_MAX)}
    if raw.get("file") is not None:
        if not isinstance(raw["file"], int) or isinstance(raw["file"], bool):
            raise ValidationError(_("Unknown attached file."))
        value.update(
            file=raw["file"],
            name=_text(raw.get("name") or "", SHORT_TEXT_MAX),
            size=int(raw.get("size") or 0),
        )
    return value if value["reference"] or "file" in value else None


def _contact(raw: Any) -> dict[str, Any] | None:
    """A contact block: its parts within the points of contact's limits, and the State's
    choice to publish the person (`publish`, false unless given as true)."""
    if not isinstance(raw, Mapping):
        raise ValidationError(_("Give the contact details field by field."))
    unknown = set(raw) - set(CONTACT_FIELDS) - {PUBLISH_PERSON}
    if unknown:
        raise ValidationError(
            _("Unknown contact fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    publish = raw.get(PUBLISH_PERSON)
    if publish not in (None, True, False):
        raise ValidationError(_("Say whether to publish this contact person: true or false."))
    contact: dict[str, Any] = {}
    for name in CONTACT_FIELDS:
        try:
            contact[name] = _text(raw.get(name) or "", CONTACT_LIMITS[name])
        except ValidationError as error:
            raise ValidationError(
                _("%(field)s: %(reason)s")
                % {"field": CONTACT_LABELS[name], "reason": " ".join(error.messages)}
            ) from error
    if contact["email"]:
        try:
            validate_email(contact["email"])
        except ValidationError as error:
            raise ValidationError(_("Enter a valid e-mail address.")) from error
    if not any(contact.values()):
        return None
    contact[PUBLISH_PERSON] = publish is True
    return contact


def _table(question: Question, raw: Any) -> list[dict[str, str]] | None:
    if not isinstance(raw, list) or len(raw) > TABLE_ROWS_MAX:
        raise ValidationError(
            ngettext(
                "Give the table as a list of at most %(limit)s row.",
                "Give the table as a list of at most %(limit)s rows.",
                TABLE_ROWS_MAX,
            )
            % {"limit": TABLE_ROWS_MAX}
        )
    rows = []
    for row in raw:
        if not isinstance(row, Mapping) or set(row) - set(question.columns):
            raise ValidationError(
                _("Each row may only have the columns %(columns)s.")
                % {"columns": ", ".join(question.columns)}
            )
        cleaned = {
            column: _text(row.get(column) or "", SHORT_TEXT_MAX) for column in question.columns
        }
        if any(cleaned.values()):
            rows.append(cleaned)
    return rows or None


def visible_questions(questions: list[Question], values: Mapping[str, Any]) -> set[str]:
    """Ids of the questions shown, given the answers by question id (skip rules chain)."""
    shown: set[str] = set()
    for question in questions:  # in template order: a rule points to an earlier question
        rule = question.show_if
        if rule is None:
            shown.add(question.qid)
            continue
        controlling = values.get(rule["question"])
        chosen = controlling if isinstance(controlling, list) else [controlling]
        if rule["question"] in shown and set(map(str, chosen)) & set(rule["in"]):
            shown.add(question.qid)
    return shown


def label_in_sentence(label: str) -> str:
    """A question's text where a message goes on after it ("1.1 Has …: an answer is required"):
    without its own closing question mark or colon, in any script."""
    return label.rstrip(" ?:؟？：")


@dataclass
class SectionGaps:
    """What stops a section from being submitted."""

    number: str
    title: str
    missing: list[Question] = field(default_factory=list)
    skipped_but_answered: list[Question] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        texts = self.texts
        lines = [
            _("%(number)s %(question)s: an answer is required.")
            % {"number": q.number, "question": label_in_sentence(q.label(texts))}
            for q in self.missing
        ]
        lines += [
            _("%(number)s %(question)s: answered although an earlier answer skips it; clear it.")
            % {"number": q.number, "question": label_in_sentence(q.label(texts))}
            for q in self.skipped_but_answered
        ]
        return lines

    texts: dict[str, str] = field(default_factory=dict)


def completeness(
    questions: list[Question], values: Mapping[str, Any], texts: dict[str, str]
) -> list[SectionGaps]:
    """Per section (template order), the required answers missing and the broken skip rules."""
    shown = visible_questions(questions, values)
    gaps: dict[int, SectionGaps] = {}
    for question in questions:
        section = question.section
        entry = gaps.setdefault(
            section.pk,
            SectionGaps(
                section.number, texts.get(f"section:{section.key}", section.key), texts=texts
            ),
        )
        answered = not is_empty(values.get(question.qid))
        if question.qid in shown and question.required and not answered:
            entry.missing.append(question)
        if question.qid not in shown and answered:
            entry.skipped_but_answered.append(question)
    return [entry for entry in gaps.values() if entry.missing or entry.skipped_but_answered]
