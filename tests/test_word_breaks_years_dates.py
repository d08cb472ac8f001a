"""What a walk through the site as its users found: a word processor's line break pasted into a
name joined two words, a hand-typed year crashed the SDG page, Arabic date-times read as English."""

import datetime
import random

import pytest
from django.utils import formats, translation

from salw.core.testing import signed_in_client
from salw.core.text import clean_text
from salw.reporting.answers import normalise_text
from salw.tracing.sdg import FIRST_YEAR, LAST_YEAR

# Breaks inside a paragraph as Word, LibreOffice and web pages write them.
BREAKS = ["\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
WORDS = ["Wanjiru", "Kamau", "Directora", "Général", "Ахмед", "محمد", "王", "López"]


@pytest.mark.parametrize("seed", range(20))
def test_a_pasted_line_break_separates_words_instead_of_joining_them(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 test data, not secrets
    words = rng.sample(WORDS, 3)
    pasted = rng.choice(BREAKS).join(words[:2]) + rng.choice(BREAKS) + words[2]
    assert clean_text(pasted) == " ".join(words)
    assert clean_text(pasted, multiline=True) == "\n".join(words)
    assert normalise_text(pasted) == " ".join(words)
    assert "\x00" not in normalise_text(pasted + "\x00")


# What does not show, as Word and web pages leave it inside a name: zero-width space, soft
# hyphen, word joiner, byte order mark, direction marks.
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202e"]


@pytest.mark.parametrize("seed", range(20))
def test_an_answer_keeps_no_invisible_character_but_the_joiners_words_need(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 test data, not secrets
    words = rng.sample(WORDS, 3)
    pasted = " ".join(w[:1] + rng.choice(INVISIBLE) + w[1:] for w in words)
    assert normalise_text(pasted) == " ".join(words)
    assert normalise_text("می\u200cخواهم") == "می\u200cخواهم"


@pytest.mark.django_db
@pytest.mark.parametrize("year", [0, FIRST_YEAR - 1, LAST_YEAR + 1, 10000, 99999])
def test_a_year_out_of_range_on_the_sdg_page_is_not_found(year: int) -> None:
    assert signed_in_client("peru.records").get(f"/tracing/sdg-16-4-2/{year}/").status_code == 404


@pytest.mark.django_db
def test_a_year_in_range_on_the_sdg_page_is_shown() -> None:
    assert signed_in_client("peru.records").get("/tracing/sdg-16-4-2/2025/").status_code == 200


def test_arabic_date_times_use_arabic_commas_and_order() -> None:
    moment = datetime.datetime(2026, 12, 7, 23, 49)  # noqa: DTZ001 formatting only
    with translation.override("ar"):
        shown = formats.date_format(moment, "DATETIME_FORMAT")
    assert "،" in shown and "," not in shown and shown.startswith("7 ")
