"""The public full-text search over published reports, the same on SQLite and PostgreSQL.

Text is normalised (NFKC, case folded, accents and Arabic diacritics removed, Arabic letter
variants unified) and cut into tokens: words for alphabetic scripts, and for Chinese (and other
CJK) text every character and every pair of adjacent characters, since Chinese has no spaces.
A word is indexed three ways: as written (normalised); by its Snowball stem in its language
("es:campan" for "campañas"; Arabic words also with the article, see `stem_tokens`), so that a
search finds the other forms of the word; and with the next word as a pair ("import marking"),
so that a quoted phrase is a look-up too. The stem's
language is the script's (Russian for Cyrillic, Arabic for Arabic) and, for Latin script, the
report's language when it is English, French or Spanish (English otherwise); a query word is
looked up as written and by its stem in each language of its script. This is the one index rule,
computed here in Python, so both databases hold the same tokens.

The tokens live in one table with the primary key (token, report): a query is a few index
look-ups and set operations, fast at tens of thousands of reports on both databases. The table
is derived data, rebuilt from the answers when a report is published, so it is written with plain
SQL and stays out of the change log. A change of these rules needs `salw reporting reindex`.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from salw.reporting.choices import CONTACT_FIELDS, QuestionKind
from salw.reporting.search_tokens import (  # the index rule; re-exported for the search's users
    _IS_CJK,
    _cjk_tokens,
    exact_token,
    index_language,
    normalise,
    pair_token,
    stem_tokens,
    tokens,
    words,
)

TABLE = "reporting_search_token"


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
        language = Report.objects.published().filter(pk=report_id).values_list("language")
        if not language:
            return
        found: set[str] = set()
        for text in report_texts(report_id):
            found |= tokens(text, language[0][0])
        cursor.executemany(
            f"INSERT INTO {TABLE} (token, report_id) VALUES (%s, %s)",  # noqa: S608
            [(token, report_id) for token in sorted(found)],
        )


def _lookup_sql(lookup: frozenset[str]) -> tuple[str, list[str]]:
    values = sorted(lookup)
    if len(values) == 1:
        return f"SELECT report_id FROM {TABLE} WHERE token = %s", values  # noqa: S608
    marks = ", ".join(["%s"] * len(values))
    return f"SELECT report_id FROM {TABLE} WHERE token IN ({marks})", values  # noqa: S608


def matching_sql(query: str) -> tuple[str, list[Any]] | None:
    """SQL selecting the ids of reports that match the query (None: a blank query); raises
    ValidationError for a query it cannot read (salw.reporting.search_syntax).

    Each look-up is one index range of the primary key (token, report_id), combined with
    INTERSECT (every word), EXCEPT (minus) and UNION (OR): on both databases this reads only that
    index, with no grouping. Compound selects read left to right on SQLite, and INTERSECT binds
    before EXCEPT on PostgreSQL: the exclusions come last, so both read (A ∩ B) − C.
    """
    from salw.reporting.search_syntax import parse

    alternatives = parse(query)
    if not alternatives:
        return None
    parts, params = [], []
    for number, alternative in enumerate(alternatives):
        selects = []
        for item in alternative.include:
            for lookup in item:
                sql, values = _lookup_sql(lookup)
                selects.append(sql)
                params += values
        sql = " INTERSECT ".join(selects)
        for index, item in enumerate(alternative.exclude):
            pieces = []
            for lookup in item:
                piece, values = _lookup_sql(lookup)
                pieces.append(piece)
                params += values
            if len(pieces) == 1:
                sql += " EXCEPT " + pieces[0]
            else:
                both = " INTERSECT ".join(pieces)
                sql += f" EXCEPT SELECT report_id FROM ({both}) AS x{index}"  # noqa: S608
        parts.append(
            f"SELECT report_id FROM ({sql}) AS a{number}"  # noqa: S608 - our SQL, bound values
            if len(alternatives) > 1
            else sql
        )
    return " UNION ".join(parts), params


def _wanted(query: str) -> set[str]:
    """Every token a match may have been found by (what to highlight)."""
    from salw.reporting.search_syntax import parse

    try:
        alternatives = parse(query)
    except ValidationError:
        return set()
    return {
        token
        for alternative in alternatives
        for item in alternative.include
        for lookup in item
        for token in lookup
    }


def highlight(text: str, query: str, width: int = 80, language: str = "en") -> SafeString | None:
    """An escaped excerpt of `text` around the first match of the query, the words it was found
    by (as written, by their stem in the report's `language`, as a phrase) in <mark>; None if
    none."""
    return _highlight(text, _wanted(query), width, language)


def _highlight(text: str, wanted: set[str], width: int, language: str) -> SafeString | None:
    if not wanted:
        return None
    cjk_terms = [t for t in wanted if _IS_CJK.match(t)]
    spans: list[tuple[int, int]] = []
    previous: tuple[int, int, str] | None = None
    for start, end, piece in words(text):
        if _IS_CJK.match(piece):
            previous = None
            normalised = normalise(piece)
            if len(normalised) != end - start:  # compatibility forms: mark the whole run
                if _cjk_tokens(piece) & wanted:
                    spans.append((start, end))
                continue
            for term in cjk_terms:
                spans += [
                    (start + m.start(), start + m.end()) for m in re.finditer(term, normalised)
                ]
            continue
        word = exact_token(piece)
        stem_language = index_language(piece, language)
        stems = stem_tokens(stem_language, piece) if stem_language else ()
        if word in wanted or not wanted.isdisjoint(stems):
            spans.append((start, end))
        if previous is not None and pair_token(previous[2], word) in wanted:
            spans += [(previous[0], previous[1]), (start, end)]
        previous = (start, end, word)
    if not spans:
        return None
    spans = sorted(set(spans))
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


def excerpts(
    report_ids: Iterable[int],
    query: str,
    limit: int = 2,
    languages: dict[int, str] | None = None,
) -> dict[int, list[SafeString]]:
    """Up to `limit` highlighted excerpts per report, for a page of results (`languages`: each
    report's language, for the stems; English when not given)."""
    found: dict[int, list[SafeString]] = {}
    wanted = _wanted(query)  # the query is read once for the page
    for report_id, texts in texts_by_report(report_ids).items():
        found[report_id] = []
        language = (languages or {}).get(report_id, "en")
        for text in texts:
            excerpt = _highlight(text, wanted, 80, language)
            if excerpt:
                found[report_id].append(excerpt)
            if len(found[report_id]) >= limit:
                break
    return found


def rebuild_index(batch_size: int = 500) -> int:
    """Index every published report from scratch (after a bulk import, or after a change of
    the index rules: `salw reporting reindex`); returns how many."""
    from salw.reporting.disclosure import public_value
    from salw.reporting.models import Answer, Report

    languages = dict(Report.objects.published().values_list("pk", "language"))
    ids = sorted(languages)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            found: dict[int, set[str]] = {report_id: set() for report_id in batch}
            answers = Answer.objects.filter(report_id__in=batch).select_related("question")
            for answer in answers.only("report_id", "value", "question__kind"):
                value = public_value(answer.question, answer.value)
                for text in answer_text(answer.question.kind, value):
                    found[answer.report_id] |= tokens(text, languages[answer.report_id])
            cursor.executemany(
                f"INSERT INTO {TABLE} (token, report_id) VALUES (%s, %s)",  # noqa: S608
                [(token, rid) for rid, words in found.items() for token in sorted(words)],
            )
    return len(ids)
