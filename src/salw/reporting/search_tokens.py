"""The search's index rule: text normalised and cut into the tokens both databases hold
(words as written, their Snowball stems, word pairs; CJK characters and pairs). Used by the
index (`search`) and by the query parser (`search_syntax`) alike; see `search` for the rule."""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

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
