"""Counts in each language's plural forms; limits and years printed as people write them."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from salw.reporting.answers import shown_number


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "ar", "zh-hans"])
def test_limits_are_never_in_exponent_form(language: str) -> None:
    with translation.override(language):
        for limit in (Decimal("1E+4"), Decimal("10000.00"), Decimal("2.50E+2")):
            shown = shown_number(limit)
            assert "E" not in shown and shown.replace(",", "").replace("\xa0", "")[:2] in (
                "10",
                "25",
            )
        assert shown_number(Decimal("0.50")) in ("0.5", "0,5")


def test_counts_take_each_languages_plural_forms() -> None:
    message = ("%(drafting)s is drafting.", "%(drafting)s are drafting.")
    with translation.override("en"):
        assert ngettext(*message, 1) % {"drafting": 1} == "1 is drafting."
        assert ngettext(*message, 2) % {"drafting": 2} == "2 are drafting."
    with translation.override("ru"):
        forms = {ngettext(*message, n) for n in (1, 3, 5)}
        assert len(forms) == 2  # "готовит" for 1 (21, 31...), "готовят" otherwise
    with translation.override("ar"):
        forms = {ngettext(*message, n) for n in (0, 1, 2, 3, 11, 100)}
        assert len(forms) >= 4


@pytest.mark.django_db
def test_years_on_a_weapons_page_are_not_grouped_as_thousands() -> None:
    from salw.core.testing import signed_in_client
    from salw.registry.testing import pistol

    weapon = pistol(serial="KE/2015-7")
    page = signed_in_client("kenya.records").get(f"/registry/weapons/{weapon.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "2015" in html
    assert "2,015" not in html and "2\xa0015" not in html
