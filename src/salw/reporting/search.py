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
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from salw.reporting.choices import CONTACT_FIELDS, QuestionKind

TABLE = "reporting_search_token"
TOKEN_MAX = 40
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_PIECES = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# The Arabic article and the conjunctions and prepositions written with it: "الوسم", "والوسم"
# and "بالوسم" are all found by "وسم" (light stemming, as Arabic search engines do).
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_IS_ARABIC = re.compile(r"[\u0600-\u06ff]")
_IS_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_IS_LATIN = re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]")
_HAS_DIGIT = re.compile(r"\d")
# Combining marks left in NFKC text (Arabic diacritics above all, and the tatweel): dropped.
_DROPPED = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0640\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
# Snowball algorithms (the snowballstemmer package) of the languages that have one; Chinese has
# no inflection to undo and keeps its character pairs.
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
LATIN_LANGUAGES = ("en", "fr", "es")
_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@lru_cache(maxsize=4096)
def normalise_char(char: str) -> str:
    """One character's searchable form (may be empty, or longer than one character)."""
    text = unicodedata.normalize("NFKC", char).casefold().translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> str:
    return "".join(normalise_char(c) for c in text)


@lru_cache(maxsize=4096)
def _light_char(char: str) -> str:
    """A character as a stemmer reads it: case folded, its accents kept (Spanish "ción", French
    "é" are endings), Arabic diacritics and the tatweel removed."""
    text = unicodedata.normalize("NFKC", char).casefold()
    return "".join(c for c in text if not unicodedata.combining(c) and c != "\u0640")


def words(text: str) -> list[tuple[int, int, str]]:
    """The pieces of a text (words, CJK runs) as (start, end, piece): the piece as a stemmer
    reads it, start and end its place in `text`."""
    folded = text.casefold()
    if (
        len(folded) == len(text)
        and unicodedata.is_normalized("NFKC", text)
        and not _DROPPED.search(folded)
    ):  # the usual text: one character for one, at C speed
        return [(m.start(), m.end(), m.group()) for m in _PIECES.finditer(folded)]
    mapping: list[int] = []
    light = []
    for index, char in enumerate(text):
        form = _light_char(char)
        light.append(form)
        mapping.extend([index] * len(form))
    flat = "".join(light)
    return [
        (mapping[m.start()], mapping[m.end() - 1] + 1, m.group()) for m in _PIECES.finditer(flat)
    ]


def _word(piece: str) -> str:
    if _IS_ARABIC.match(piece):
        for prefix in _ARABIC_PREFIXES:
            if piece.startswith(prefix) and len(piece) - len(prefix) >= 2:
                piece = piece[len(prefix) :]
                break
    return piece[:TOKEN_MAX]


def exact_token(piece: str) -> str:
    """A word's token as written (normalised), what a quoted word looks up."""
    return _word(normalise(piece))


def pair_token(first: str, second: str) -> str:
    """Two adjacent words' token, what a quoted phrase looks up."""
    return f"{first} {second}"[:TOKEN_MAX]


def stem_languages(piece: str) -> tuple[str, ...]:
    """The languages whose stemmer may apply to a word, by its script (none for numbers,
    codes with digits, CJK and other scripts)."""
    if _HAS_DIGIT.search(piece) or _IS_CJK.match(piece):
        return ()
    if _IS_ARABIC.match(piece):
        return ("ar",)
    if _IS_CYRILLIC.match(piece):
        return ("ru",)
    if _IS_LATIN.match(piece):
        return LATIN_LANGUAGES
    return ()


def index_language(piece: str, report_language: str) -> str | None:
    """The one language a report's word is stemmed in (see the module's docstring)."""
    languages = stem_languages(piece)
    if not languages:
        return None
    return report_language if report_language in languages else languages[0]


def _stem(language: str, piece: str) -> str:
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    stem = normalise(stemmers[language].stemWord(piece))
    return f"{language}:{stem}"[:TOKEN_MAX]


def stem_token(language: str, piece: str) -> str:
    """A word's token by its stem in `language` ("es:campan" for "campañas")."""
    return stem_tokens(language, piece)[0]


@lru_cache(maxsize=200_000)
def stem_tokens(language: str, piece: str) -> tuple[str, ...]:
    """A word's stem tokens: one, and for Arabic two. Snowball's Arabic stemmer takes the
    sound plural "ات" off a word with the article ("الطلبات" → "طلب") but not off a bare one
    ("طلبات" → "طلبا"), and the other way round for some endings ("مخزون" → "مخز" with the
    article): a word is stemmed as written and with the article, and found by either."""
    if language != "ar":
        return (_stem(language, piece),)
    if piece[:3] in ("وال", "فال"):  # Snowball leaves these whole
        piece = piece[1:]
    with_article = piece if piece.startswith("ال") else "ال" + piece
    return tuple(dict.fromkeys((_stem("ar", piece), _stem("ar", with_article))))


def _cjk_tokens(piece: str) -> set[str]:
    text = normalise(piece)
    return {*text, *(text[i : i + 2] for i in range(len(text) - 1))}


def tokens(text: str, language: str = "en") -> set[str]:
    """The search tokens of a text of a report in `language`: words as written, their stems
    and adjacent pairs; CJK characters and character pairs."""
    found: set[str] = set()
    previous = None
    for _, _, piece in words(text):
        if _IS_CJK.match(piece):
            found |= _cjk_tokens(piece)
            previous = None
            continue
        word = exact_token(piece)
        found.add(word)
        if stem_language := index_language(piece, language):
            found.update(stem_tokens(stem_language, piece))
        if previous is not None:
            found.add(pair_token(previous, word))
        previous = word
    return found


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
