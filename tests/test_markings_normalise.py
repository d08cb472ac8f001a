"""The shared normalisation of marks, names and calibres (no database)."""

import re

import pytest

from salw.markings.normalise import (
    calibre_key,
    confusable_key,
    literal_prefix,
    name_key,
    normalise_marking,
    normalise_pattern,
    pattern_regex,
    prefix_upper_bound,
)


@pytest.mark.parametrize(
    "text",
    [
        "AB12345",
        "ab12345",
        "AB-12 345",
        "A.B/12_345",
        "  ab 12\t345 ",
        "АВ12345",  # Cyrillic А and В
        "ΑΒ12345",  # Greek Alpha and Beta
        "ＡＢ１２３４５",  # full-width
        "AB١٢٣٤٥",  # Arabic-Indic digits
        "AB۱۲۳۴۵",  # Persian digits
        "аb-12345",  # lower-case Cyrillic a
    ],
)
def test_the_same_mark_written_differently_has_one_key(text: str) -> None:
    assert normalise_marking(text) == "AB12345"


def test_letters_without_a_latin_twin_are_kept() -> None:
    assert normalise_marking("ЖД-17") == "ЖД17"


def test_empty_and_separator_only_marks_have_an_empty_key() -> None:
    assert normalise_marking("") == ""
    assert normalise_marking(" -./ ") == ""


def test_patterns_keep_their_wildcards() -> None:
    assert normalise_pattern("ab-12*") == "AB12*"
    assert normalise_pattern("а?-1 2") == "A?12"
    assert literal_prefix("AB12*5") == "AB12"
    assert literal_prefix("*12") == ""
    assert literal_prefix("AB12") == "AB12"


def test_prefix_bound_closes_the_range() -> None:
    assert prefix_upper_bound("AB12") == "AB13"
    assert prefix_upper_bound("AZ") == "A["
    assert prefix_upper_bound("") is None
    keys = ["AB12", "AB120", "AB129Z", "AB13", "AB1", "AC"]
    low, high = "AB12", prefix_upper_bound("AB12")
    assert [k for k in keys if low <= k < high] == ["AB12", "AB120", "AB129Z"]


def test_pattern_regex_matches_wildcards() -> None:
    regex = re.compile(pattern_regex("AB?2*9"))
    assert regex.match("AB129")
    assert regex.match("ABX2000009")
    assert not regex.match("AB29")
    assert not regex.match("XAB129")
    assert re.compile(pattern_regex("A.B")).match("A.B") and not re.match(
        pattern_regex("A.B"), "AXB"
    )


@pytest.mark.parametrize("text", ["FN Herstal", "F.N. Herstal", "FN HERSTAL S.A.", "fn-herstal"])
def test_maker_names_fold_to_one_key(text: str) -> None:
    assert name_key(text) == "FNHERSTAL"


def test_company_forms_are_dropped() -> None:
    assert name_key("Heckler & Koch GmbH") == "HECKLERKOCH"
    assert name_key("Sturm, Ruger & Co., Inc.") == "STURMRUGER"


@pytest.mark.parametrize(
    "text", ["7.62x39", "7,62×39 mm", "7.62 X 39MM", "7.62×39mm", "７.６２x39"]
)
def test_calibres_fold_to_one_key(text: str) -> None:
    assert calibre_key(text) == "7.62X39"


def test_calibre_keeps_the_decimal_point() -> None:
    assert calibre_key(".22 LR") == "22LR"
    assert calibre_key("9 mm") == "9"
    assert calibre_key("12.7×108") == "12.7X108"


def test_confusable_characters_coincide() -> None:
    assert confusable_key("SKS") == confusable_key("5K5")
    assert confusable_key("MOD 10") == confusable_key("M0D-1O")
    assert confusable_key("AK-47") != confusable_key("AK-74")
