"""Search normalisation and highlighting in the six languages (no database needed)."""

from salw.reporting import search


def test_chinese_is_indexed_by_characters_and_pairs() -> None:
    found = search.tokens("进口标识显示进口国")
    assert {"标识", "进口", "标", "识"} <= found
    assert search.query_tokens("进口标识") == {"进口", "口标", "标识"}
    assert search.query_tokens("标") == {"标"}


def test_arabic_article_diacritics_and_letter_variants_are_ignored() -> None:
    assert search.tokens("الوسمُ") == search.tokens("وسم") == {"وسم"}
    assert search.query_tokens("بالوسم") == {"وسم"}
    assert search.normalise("أسلحة") == search.normalise("اسلحه")


def test_latin_and_cyrillic_fold_case_and_accents() -> None:
    assert search.tokens("Traçage MARCAJE") == {"tracage", "marcaje"}
    assert search.query_tokens("Маркировка") == {"маркировка"}


def test_highlight_marks_terms_and_escapes_the_rest() -> None:
    excerpt = search.highlight("<b>Le traçage</b> est fait", "TRACAGE")
    assert excerpt == "&lt;b&gt;Le <mark>traçage</mark>&lt;/b&gt; est fait"
    assert "<mark>标识</mark>" in search.highlight("所有武器均须作标识。", "标识")
    assert "<mark>وسم</mark>" in search.highlight("يبين وسم الاستيراد", "الوسم")
    assert search.highlight("nothing here", "absent") is None


def test_long_queries_are_cut_to_a_bounded_number_of_look_ups() -> None:
    sql, params = search.matching_sql(" ".join(f"word{i}" for i in range(100)))
    assert len(params) == sql.count("%s") == search.QUERY_TOKENS_MAX
