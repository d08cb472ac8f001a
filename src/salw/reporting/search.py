"""The public full-text search over published reports, the same on SQLite and PostgreSQL.

Text is normalised (NFKC, case folded, accents and Arabic diacritics removed, Arabic letter
variants unified) and cut into tokens: words for alphabetic scripts, and for Chinese (and other
CJK) text every character and every pair of adjacent characters, since Chinese has no spaces.
The tokens live in one table with the primary key (token, report): a query is a few index
look-ups and a GROUP BY, fast at tens of thousands of reports on both databases. The table is
derived data, rebuilt from the answers when a report is published, so it is written with plain
SQL and stays out of the change log.
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from salw.reporting.choices import CONTACT_FIELDS, QuestionKind

TABLE = "reporting_search_token"
TOKEN_MAX = 40
QUERY_TOKENS_MAX = 20  # a longer query is cut: each token is one more index look-up
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_PIECES = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# The Arabic article and the conjunctions and prepositions written with it: "الوسم", "والوسم"
# and "بالوسم" are all found by "وسم" (light stemming, as Arabic search engines do).
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_IS_ARABIC = re.compile(r"[\u0600-\u06ff]")


def normalise_char(char: str) -> str:
    """One character's searchable form (may be empty, or longer than one character)."""
    text = unicodedata.normalize("NFKC", char).casefold().translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> str:
    return "".join(normalise_char(c) for c in text)


def _word(piece: str) -> str:
    if _IS_ARABIC.match(piece):
        for prefix in _ARABIC_PREFIXES:
            if piece.startswith(prefix) and len(piece) - len(prefix) >= 2:
                piece = piece[len(prefix) :]
                break
    return piece[:TOKEN_MAX]


def tokens(text: str) -> set[str]:
    """The search tokens of a text: words, CJK characters and CJK character pairs."""
    found: set[str] = set()
    for piece in _PIECES.findall(normalise(text)):
        if _IS_CJK.match(piece):
            found.update(piece)
            found.update(piece[i : i + 2] for i in range(len(piece) - 1))
        else:
            found.add(_word(piece))
    return found


def query_tokens(query: str) -> set[str]:
    """Tokens a report must all have: CJK runs longer than one character use their pairs."""
    wanted: set[str] = set()
    for piece in _PIECES.findall(normalise(query)):
        if _IS_CJK.match(piece) and len(piece) > 1:
            wanted.update(piece[i : i + 2] for i in range(len(piece) - 1))
        else:
            wanted.add(_word(piece))
    return wanted


def answer_text(kind: str, value: Any) -> Iterable[str]:
    """The free text of an answer that the search covers; give it what the public may read
    (disclosure.public_value), so a contact person is found only when the State published it."""
    if value is None:
        return []
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return [str(value)]
    if kind == QuestionKind.TABLE:
        return [str(cell) for row in value for cell in row.values() if cell]
    if kind == QuestionKind.CONTACT:
        return [str(value.get(name) or "") for name in CONTACT_FIELDS]
    if kind == QuestionKind.FILE and isinstance(value, dict):
        return [value.get("reference", ""), value.get("name", "")]
    return []


def texts_by_report(report_ids: Iterable[int]) -> dict[int, list[str]]:
    """The searchable texts of several published reports, in questionnaire order, in one query
    (what the public may read of them: nothing of a report that is not public)."""
    from salw.reporting.disclosure import public_value
    from salw.reporting.models import Answer, Report

    texts: dict[int, list[str]] = {report_id: [] for report_id in report_ids}
    public = Report.objects.published().filter(pk__in=list(texts))
    answers = Answer.objects.filter(report__in=public).select_related("question")
    for answer in answers.order_by("report_id", "question__position"):
        value = public_value(answer.question, answer.value)
        texts[answer.report_id].extend(t for t in answer_text(answer.question.kind, value) if t)
    return texts


def report_texts(report_id: int) -> list[str]:
    return texts_by_report([report_id])[report_id]


def index_report(report_id: int) -> None:
    """Replace the report's tokens: its text if it is public, nothing otherwise."""
    from salw.reporting.models import Report

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE report_id = %s", [report_id])  # noqa: S608
        if not Report.objects.published().filter(pk=report_id).exists():
            return
        found: set[str] = set()
        for text in report_texts(report_id):
            found |= tokens(text)
        cursor.executemany(
            f"INSERT INTO {TABLE} (token, report_id) VALUES (%s, %s)",  # noqa: S608
            [(token, report_id) for token in sorted(found)],
        )


def matching_sql(query: str) -> tuple[str, list[Any]] | None:
    """SQL selecting the ids of reports that hold every token of the query (None: no tokens).

    One index range per token, intersected: on both databases this reads only the primary
    key index (token, report_id), with no grouping.
    """
    wanted = sorted(query_tokens(query))[:QUERY_TOKENS_MAX]
    if not wanted:
        return None
    one = f"SELECT report_id FROM {TABLE} WHERE token = %s"  # noqa: S608
    return " INTERSECT ".join([one] * len(wanted)), wanted


def _terms(query: str) -> list[str]:
    return sorted({_word(p) for p in _PIECES.findall(normalise(query)) if p}, key=len, reverse=True)


def highlight(text: str, query: str, width: int = 80) -> SafeString | None:
    """An escaped excerpt of `text` around the first query term, terms in <mark>; None if none."""
    mapping: list[int] = []  # index in the normalised text → index in the original
    normalised = []
    for index, char in enumerate(text):
        form = normalise_char(char)
        normalised.append(form)
        mapping.extend([index] * len(form))
    flat = "".join(normalised)
    spans = []
    for term in _terms(query):
        for match in re.finditer(re.escape(term), flat):
            start, end = mapping[match.start()], mapping[match.end() - 1] + 1
            spans.append((start, end))
    if not spans:
        return None
    spans.sort()
    first = spans[0][0]
    lo, hi = max(0, first - width), min(len(text), first + width)
    parts, cursor = [], lo
    for start, end in spans:
        if start < cursor or end > hi:
            continue
        parts += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    parts.append(escape(text[cursor:hi]))
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece escaped


def excerpts(report_ids: Iterable[int], query: str, limit: int = 2) -> dict[int, list[SafeString]]:
    """Up to `limit` highlighted excerpts per report, for a page of results."""
    found: dict[int, list[SafeString]] = {}
    for report_id, texts in texts_by_report(report_ids).items():
        found[report_id] = []
        for text in texts:
            excerpt = highlight(text, query)
            if excerpt:
                found[report_id].append(excerpt)
            if len(found[report_id]) >= limit:
                break
    return found


def rebuild_index(batch_size: int = 500) -> int:
    """Index every published report from scratch (after a bulk import); returns how many."""
    from salw.reporting.disclosure import public_value
    from salw.reporting.models import Answer, Report

    ids = list(Report.objects.published().values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            found: dict[int, set[str]] = {report_id: set() for report_id in batch}
            answers = Answer.objects.filter(report_id__in=batch).select_related("question")
            for answer in answers.only("report_id", "value", "question__kind"):
                value = public_value(answer.question, answer.value)
                for text in answer_text(answer.question.kind, value):
                    found[answer.report_id] |= tokens(text)
            cursor.executemany(
                f"INSERT INTO {TABLE} (token, report_id) VALUES (%s, %s)",  # noqa: S608
                [(token, rid) for rid, words in found.items() for token in sorted(words)],
            )
    return len(ids)
