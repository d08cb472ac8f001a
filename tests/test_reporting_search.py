"""Search normalisation, stemming, query syntax and highlighting in the six languages (no
database needed)."""

import pytest
from django.core.exceptions import ValidationError

from salw.reporting import search
from salw.reporting.search_syntax import QUERY_LOOKUPS_MAX, parse
from salw.reporting.search_tokens import stem_token as stem


def test_chinese_is_indexed_by_characters_and_pairs() -> None:
    found = search.tokens("进口标识显示进口国")
    assert {"标识", "进口", "标", "识"} <= found
    sql, params = search.matching_sql("进口标识")
    assert params == ["进口", "口标", "标识"] and sql.count("INTERSECT") == 2
    assert search.matching_sql("标")[1] == ["标"]


def test_arabic_article_diacritics_and_letter_variants_are_ignored() -> None:
    assert search.tokens("الوسمُ", "ar") == search.tokens("وسم", "ar") == {"وسم", "ar:وسم"}
    assert search.normalise("أسلحة") == search.normalise("اسلحه")
    # Inflected forms share their Snowball stem, with or without the article and conjunction.
    stems = {stem("ar", w) for w in ("والأسلحة", "الأسلحة", "أسلحة", "للأسلحة")}
    assert stems == {"ar:اسلح"}
    # A bare sound plural and its singular meet through the stem taken with the article.
    for plural, singular in (("طلبات", "طلب"), ("مخزونات", "مخزون"), ("حملات", "حملة")):
        assert set(search.stem_tokens("ar", plural)) & set(search.stem_tokens("ar", singular))


def test_latin_and_cyrillic_fold_case_and_accents_and_keep_stems_per_language() -> None:
    assert search.tokens("Traçage MARCAJE", "es") == {
        "tracage", "marcaje", "tracage marcaje", "es:tracag", "es:marcaj",
    }  # fmt: skip
    assert stem("es", "campañas") == stem("es", "campaña") == "es:campan"
    assert stem("fr", "demandes") == stem("fr", "demande")
    assert {stem("ru", w) for w in ("маркировка", "маркировки", "маркировку")} == {"ru:маркировк"}
    assert stem("en", "markings") == stem("en", "marked") == "en:mark"
    # Serials and codes are not stemmed: they are found as written.
    assert search.tokens("AK47 ref-123", "en") == {
        "ak47",
        "ref",
        "123",
        "ak47 ref",
        "ref 123",
        "en:ref",
    }


def test_a_word_is_looked_up_as_written_and_by_its_stem_in_each_language_of_its_script() -> None:
    [alternative] = parse("campañas")
    [(lookup,)] = alternative.include
    assert {"campanas", "es:campan"} <= lookup and {t[:3] for t in lookup} >= {"en:", "fr:"}
    [russian] = parse("маркировку")
    assert russian.include[0][0] == {"маркировку", "ru:маркировк"}


def test_quotes_minus_and_or() -> None:
    [phrase] = parse("«import marking» control")
    assert phrase.include[0] == (frozenset({"import marking"}),)
    [quoted_word] = parse("“campañas”")
    assert quoted_word.include == [(frozenset({"campanas"}),)]  # as written: no stem
    [minus] = parse("marking -ammunition −“craft production”")
    assert len(minus.include) == 1 and len(minus.exclude) == 2
    assert minus.exclude[1] == (frozenset({"craft production"}),)
    first, second = parse("marcaje OR marquage | маркировка")[:2]
    assert len(parse("marcaje OR marquage | маркировка")) == 3
    assert "es:marcaj" in first.include[0][0] and "marquage" in second.include[0][0]
    # A hyphen inside a word is not a minus; a lone hyphen is punctuation.
    [hyphen] = parse("co-operation - tracing")
    assert len(hyphen.include) == 3 and not hyphen.exclude
    # "or" in lower case is a word ("or" is French for gold).
    assert len(parse("or rouge")) == 1


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('"import marking', "unclosed_quote"),
        ("«marquage", "unclosed_quote"),
        ("OR marking", "or_without_words"),
        ("marking OR", "or_without_words"),
        ("marking OR OR tracing", "or_without_words"),
        ("-marking", "only_excluded"),
        ("tracing OR -marking", "only_excluded"),
        ("???", "nothing_to_search"),
        ('""', "nothing_to_search"),
        (" ".join(f"word{i}" for i in range(QUERY_LOOKUPS_MAX + 1)), "too_many_words"),
    ],
)
def test_a_query_it_cannot_read_is_refused_with_a_reason(query: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        search.matching_sql(query)
    assert refused.value.code == code
    assert refused.value.messages[0].endswith(".")


def test_a_blank_query_matches_everything() -> None:
    assert search.matching_sql("   ") is None


def test_highlight_marks_terms_and_their_forms_and_escapes_the_rest() -> None:
    excerpt = search.highlight("<b>Le traçage</b> est fait", "TRACAGE")
    assert excerpt == "&lt;b&gt;Le <mark>traçage</mark>&lt;/b&gt; est fait"
    assert "<mark>标识</mark>" in search.highlight("所有武器均须作标识。", "标识")
    assert "<mark>وسم</mark>" in search.highlight("يبين وسم الاستيراد", "الوسم", language="ar")
    spanish = search.highlight("Dos campañas de marcaje", "campaña", language="es")
    assert spanish == "Dos <mark>campañas</mark> de marcaje"
    phrase = search.highlight("Import marking and marking of imports", '"import marking"')
    assert phrase.startswith("<mark>Import</mark> <mark>marking</mark> and marking")
    assert search.highlight("nothing here", "absent") is None
    assert search.highlight("nothing here", '"unclosed') is None
