"""Answers as focal points write them, generated from a template's own questions and the limits
each answer type declares (salw.reporting.answers, CONTACT_LIMITS): every question the answers
show, each at its limit, in one language's script; and the same answers as a word processor
pastes them, with what the stored answer becomes by the documented normalisation
(answers.normalise_text: a vertical tab or form feed is a space, NUL and other controls go,
a no-break space is text and stays, a zero-width space does not show and goes)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from salw.reporting.answers import LONG_TEXT_MAX, SHORT_TEXT_MAX, visible_questions
from salw.reporting.choices import CHOICE_KINDS, CONTACT_FIELDS, QuestionKind
from salw.reporting.models import Question
from salw.states.choices import CONTACT_LIMITS

# Text as each language's focal points write it: long bodies and job titles, serials with
# slashes and hyphens between spaces, a year in a sentence; no "|" (the workbook's table
# separator) and no ";" (its list separator).
SCRIPTS: dict[str, tuple[str, ...]] = {
    "en": (
        "The National Commission adopted the action plan in 2026. ",
        "Director of the Central Firearms Registry and Licensing Bureau ",
        "serial KE/2024/001-A ",
    ),
    "fr": (
        "La Commission nationale a adopté le plan d’action en 2026. ",
        "Directrice générale adjointe de la réglementation des armes légères et de petit calibre ",
        "numéro de série SN/2024/001-A ",
    ),
    "es": (
        "La Comisión Nacional aprobó el plan de acción en 2026. ",
        "Director General de Control de Armas, Municiones y Explosivos de Uso Civil ",
        "número de serie PE/2024/001-A ",
    ),
    "ru": (
        "Национальная комиссия утвердила план действий в 2026 году. ",
        "Начальник управления лицензионно-разрешительной работы Министерства внутренних дел ",
        "серийный номер KZ/2024/001-A ",
    ),
    "ar": (
        "اعتمدت اللجنة الوطنية خطة العمل في عام 2026. ",
        "مدير عام الإدارة العامة لمراقبة الأسلحة الصغيرة والأسلحة الخفيفة والذخائر ",
        "الرقم التسلسلي EG/2024/001-A ",
    ),
    "zh": (
        "国家委员会于 2026 年通过了行动计划。 ",
        "公安部治安管理局枪支弹药管理处处长兼国家小武器和轻武器管制委员会秘书长 ",
        "序列号 CN/2024/001-A 的武器 ",
    ),
}
LANGUAGES = tuple(SCRIPTS)
# A mix of every script, for tests that do not care about the language.
MIXED = "mixed"
SCRIPTS[MIXED] = tuple(pieces[1] for pieces in SCRIPTS.values())
# Telephone numbers as written in each State (spaces, a plus, an extension, a slash).
TELEPHONE = "+254 20 271 8321 ext. 4410 / +254 722 000 111 / +254 733 000 222 / "
# A whole number as each language writes it (thousands separators, digits); the test turns
# `12345` into the language's form.
_SEPARATORS = {"en": ",", "fr": "\u202f", "es": ".", "ru": "\u00a0", "ar": "\u066c", "zh": ","}
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
NO_MAXIMUM = 10**12  # a whole number without a declared maximum: a large stock count


def text(language: str, length: int, *, lines: bool = False) -> str:
    """`length` characters of the language's text (paragraphs with `lines`), no space at
    either end."""
    base = "".join(SCRIPTS[language]) + ("\n" if lines else "")
    out = (base * (length // len(base) + 1))[:length].strip()
    return out + base[0] * (length - len(out))


def email(length: int) -> str:
    """A valid e-mail address of exactly `length` characters."""
    local = "a" * 64
    domain = ".".join(["b" * 63, "c" * 63, "d" * (length - 64 - 1 - 63 - 1 - 63 - 1 - 4)])
    return f"{local}@{domain}.org"


def whole_number(number: int, language: str) -> str:
    """`number` as a person writing in `language` types it."""
    grouped = f"{number:,}".replace(",", "\0")
    if language == "ar":
        return grouped.replace("\0", _SEPARATORS["ar"]).translate(_ARABIC_DIGITS)
    if language == "zh":
        return grouped.replace("\0", ",").translate(_FULL_WIDTH)
    return grouped.replace("\0", _SEPARATORS.get(language, ","))


def choices_that_show_everything(questions: list[Question]) -> dict[str, list[str]]:
    """For each controlling question, the options that some other question waits for."""
    wanted: dict[str, list[str]] = {}
    for question in questions:
        if question.show_if:
            wanted.setdefault(question.show_if["question"], []).extend(question.show_if["in"])
    return wanted


def at_limit(question: Question, wanted: list[str], language: str, *, long: int) -> Any:
    """The stored value of an answer to `question` at its limit (long text: `long` chars)."""
    kind = question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return list(question.options)
    if kind in CHOICE_KINDS:
        return next((o for o in question.options if o in wanted), question.options[0])
    if kind == QuestionKind.INTEGER:
        return int(question.max_value if question.max_value is not None else NO_MAXIMUM)
    if kind == QuestionKind.DECIMAL:
        return str(question.max_value if question.max_value is not None else Decimal("12345.678"))
    if kind == QuestionKind.DATE:
        return "2026-02-28"
    if kind == QuestionKind.SHORT_TEXT:
        return text(language, SHORT_TEXT_MAX)
    if kind == QuestionKind.LONG_TEXT:
        return text(language, long, lines=True)
    if kind == QuestionKind.FILE:
        return {"reference": text(language, SHORT_TEXT_MAX)}
    if kind == QuestionKind.CONTACT:
        contact = {part: text(language, CONTACT_LIMITS[part]) for part in CONTACT_FIELDS}
        contact["address"] = text(language, CONTACT_LIMITS["address"], lines=True)
        contact["email"] = email(CONTACT_LIMITS["email"])
        contact["telephone"] = TELEPHONE[: CONTACT_LIMITS["telephone"]].strip()
        return {**contact, "publish": True}
    if kind == QuestionKind.TABLE:
        return [{c: text(language, SHORT_TEXT_MAX - i) for c in question.columns} for i in range(3)]
    raise AssertionError(kind)


def answers_at_limits(
    questions: list[Question], language: str = MIXED, *, long_texts_at_limit: int | None = None
) -> dict[str, Any]:
    """Every question the answers show (template order), answered at its limit. With
    `long_texts_at_limit`, only that many long texts reach LONG_TEXT_MAX, the others a page."""
    wanted = choices_that_show_everything(questions)
    values: dict[str, Any] = {}
    long_ones = 0
    for question in questions:
        long = LONG_TEXT_MAX
        if question.kind == QuestionKind.LONG_TEXT:
            long_ones += 1
            if long_texts_at_limit is not None and long_ones > long_texts_at_limit:
                long = 2_000
        values[question.qid] = at_limit(question, wanted.get(question.qid, []), language, long=long)
    shown = visible_questions(questions, values)
    return {qid: value for qid, value in values.items() if qid in shown}


@dataclass(frozen=True)
class Pasted:
    """What a person types (pasted from a word processor) for each answer, and what is stored."""

    typed: dict[str, Any]
    stored: dict[str, Any]


# A word processor's paste, each as (what replaces a space, what the stored text has there).
# Replacing keeps the length, so text at its limit still fits the field's `maxlength`.
_PASTE = (("\x0b", " "), ("\u00a0", "\u00a0"), ("\u200b", ""), ("\x0c", " "))


def pasted_text(value: str) -> str:
    """`value` with its last spaces replaced as a word processor pastes them (the first
    sentence stays as written, for the tests that look for it in the pages and the PDF)."""
    out = value
    end = len(out)
    for typed, _stored in _PASTE:
        at = out.rfind(" ", 0, end)
        if at < 0:
            break
        out = f"{out[:at]}{typed}{out[at + 1 :]}"
        end = at
    return out


def _stored_text(typed: str) -> str:
    for pasted, stored in _PASTE:
        typed = typed.replace(pasted, stored)
    return typed


def _paste(value: Any, transform: Any) -> Any:
    if isinstance(value, str):
        return transform(value)
    if isinstance(value, dict):
        return {
            k: v if k in ("email", "publish") else _paste(v, transform) for k, v in value.items()
        }
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_paste(row, transform) for row in value]
    return value


def as_pasted(values: dict[str, Any], questions: list[Question], language: str) -> Pasted:
    """The answers as typed: free text pasted with controls, whole numbers in the language's
    digits and separators; and the answers as stored."""
    kinds = {q.qid: q.kind for q in questions}
    typed: dict[str, Any] = {}
    stored: dict[str, Any] = {}
    for qid, value in values.items():
        if kinds[qid] in CHOICE_KINDS:
            typed[qid] = stored[qid] = value
        elif kinds[qid] == QuestionKind.INTEGER:
            typed[qid], stored[qid] = whole_number(value, language), value
        else:
            typed[qid] = _paste(value, pasted_text)
            stored[qid] = _paste(typed[qid], _stored_text)
    return Pasted(typed=typed, stored=stored)
