"""What a search of the public reports database says: words, "quoted phrases", -minus and OR.

A query is one or more alternatives separated by OR (or "|"); an alternative is the words a report
must all hold, and the words after a minus sign that it must not hold. A word finds its other
forms (its stem, see salw.reporting.search); a quoted word or phrase finds those words as written,
next to each other. Quotation marks of every language count: "…", “…”, „…“, «…», 「…」.
A query it cannot read is refused with a message that says what to change (`ValidationError`).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salw.reporting import search_tokens

# Each look-up is one index range; a longer query is refused rather than silently cut.
QUERY_LOOKUPS_MAX = 20
OR_WORDS = frozenset({"OR", "|"})
MINUS_SIGNS = "-\u2212"  # the hyphen-minus and the minus sign
QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb", "\u300c": "\u300d"}
CLOSING_QUOTES = {'"', "\u201d", "\u201c", "\u00bb", "\u300d"}

Lookup = frozenset[str]  # reports holding any of these tokens
Item = tuple[Lookup, ...]  # reports passing every look-up


@dataclass
class Alternative:
    """Reports holding every `include` item and no `exclude` item."""

    include: list[Item] = field(default_factory=list)
    exclude: list[Item] = field(default_factory=list)

    @property
    def lookups(self) -> int:
        return sum(len(item) for item in (*self.include, *self.exclude))


def word_lookups(text: str) -> list[Item]:
    """The items of unquoted text: one per word (its form as written or its stem in each language
    of its script), and for a CJK run one item of its characters' pairs."""
    items: list[Item] = []
    for _start, _end, piece in search_tokens.words(text):
        if search_tokens._IS_CJK.match(piece):
            items.append(tuple(frozenset({t}) for t in _cjk_query_tokens(piece)))
            continue
        forms = {search_tokens.exact_token(piece)}
        for language in search_tokens.stem_languages(piece):
            forms.update(search_tokens.stem_tokens(language, piece))
        items.append((frozenset(forms),))
    return items


def phrase_lookups(text: str) -> Item:
    """The look-ups of a quoted phrase: its adjacent word pairs as written (one word: the word
    as written), and the pairs of its CJK runs."""
    lookups: list[Lookup] = []
    previous = None
    alone = []
    for _start, _end, piece in search_tokens.words(text):
        if search_tokens._IS_CJK.match(piece):
            lookups += [frozenset({t}) for t in _cjk_query_tokens(piece)]
            previous = None
            continue
        word = search_tokens.exact_token(piece)
        if previous is None:
            alone.append(word)
        else:
            lookups.append(frozenset({search_tokens.pair_token(previous, word)}))
            alone = [w for w in alone if w != previous]
        previous = word
    lookups += [frozenset({word}) for word in alone]
    return tuple(dict.fromkeys(lookups))


def _cjk_query_tokens(piece: str) -> list[str]:
    """A CJK run is found by its adjacent character pairs (one character: the character)."""
    text = search_tokens.normalise(piece)
    if len(text) == 1:
        return [text]
    return list(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))


def parse(query: str) -> list[Alternative]:
    """The alternatives of a query (empty for a blank query); ValidationError if it cannot be
    read, with a message that says what to change."""
    alternatives = [Alternative()]
    position, length = 0, len(query)
    saw_text = False
    while position < length:
        char = query[position]
        if char.isspace():
            position += 1
            continue
        negative = char in MINUS_SIGNS and position + 1 < length
        if negative:
            negative = not query[position + 1].isspace()
            position += 1 if negative else 0
            char = query[position]
        if char in QUOTES:
            end = _closing_quote(query, position + 1, QUOTES[char])
            if end < 0:
                raise ValidationError(
                    _("A quotation mark is not closed: close it, or remove it."),
                    code="unclosed_quote",
                )
            items = [phrase_lookups(query[position + 1 : end])]
            position = end + 1
        else:
            end = position
            while end < length and not query[end].isspace() and query[end] not in QUOTES:
                end += 1
            chunk = query[position:end]
            position = end
            if chunk in OR_WORDS and not negative:
                if not alternatives[-1].include and not alternatives[-1].exclude:
                    raise ValidationError(
                        _("Put words on both sides of OR."), code="or_without_words"
                    )
                alternatives.append(Alternative())
                continue
            items = word_lookups(chunk)
            if negative and items:  # "-ref-123": leave out reports holding all of it
                items = [tuple(lookup for item in items for lookup in item)]
        saw_text = True
        items = [item for item in items if item]
        (alternatives[-1].exclude if negative else alternatives[-1].include).extend(items)
    if not saw_text:
        return []
    _check(alternatives)
    return alternatives


def _closing_quote(query: str, start: int, closer: str) -> int:
    """Where the quote opened before `start` closes: its own closing mark, or any closing
    quotation mark (people mix “ and ")."""
    for index in range(start, len(query)):
        if query[index] == closer or query[index] in CLOSING_QUOTES:
            return index
    return -1


def _check(alternatives: list[Alternative]) -> None:
    last = alternatives[-1]
    if len(alternatives) > 1 and not last.include and not last.exclude:
        raise ValidationError(_("Put words on both sides of OR."), code="or_without_words")
    if not any(a.include or a.exclude for a in alternatives):
        raise ValidationError(
            _("Give at least one letter or digit to search for."), code="nothing_to_search"
        )
    if any(not a.include for a in alternatives):
        raise ValidationError(
            _(
                "Say what to look for, not only what to leave out: give a word without a "
                "minus sign."
            ),
            code="only_excluded",
        )
    lookups = sum(a.lookups for a in alternatives)
    if lookups > QUERY_LOOKUPS_MAX:
        raise ValidationError(
            ngettext(
                "This search has %(count)s word to look up; search for at most %(limit)s at a "
                "time.",
                "This search has %(count)s words to look up; search for at most %(limit)s at a "
                "time.",
                lookups,
            )
            % {"count": lookups, "limit": QUERY_LOOKUPS_MAX},
            code="too_many_words",
        )


def validate_query(query: str) -> None:
    """The search field's validator: the query can be read (see `parse`)."""
    parse(query)
