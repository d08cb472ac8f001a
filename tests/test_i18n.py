import re

import pytest
from django.conf import settings
from django.test import Client

from salw.accounts.models import User
from salw.core.catalogues import catalogue, source_msgids
from salw.core.testing import signed_in_client

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
CATALOGUES = ["ar", "en", "es", "fr", "ru", "zh_Hans"]
# Words that are the same in a translation as in English: names and abbreviations.
SAME_IN_EVERY_LANGUAGE = {"API", "salw", "M49", "ISO 3166 alpha-2", "ISO 3166 alpha-3"}


def test_the_six_un_languages_are_offered() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["ar", "zh-hans", "en", "fr", "ru", "es"]


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_has_every_message_translated(language: str) -> None:
    translations = catalogue(language)
    missing = source_msgids() - translations.keys()
    assert not missing, f"{language} catalogue lacks: {sorted(missing)[:10]}"
    untranslated = [msgid for msgid, text in translations.items() if not text]
    assert not untranslated, f"{language}: untranslated or fuzzy: {untranslated[:10]}"


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh_Hans"])
def test_translations_are_not_copies_of_the_english(language: str) -> None:
    # Single words and labels are often spelt alike ("Calibre", "Date", "Code"); a sentence of
    # several words is not, so those must all be translated.
    sentences = {
        msgid: text
        for msgid, text in catalogue(language).items()
        if len(re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", msgid))) >= 4
    }
    copies = [msgid for msgid, text in sentences.items() if text == msgid]
    assert not copies, f"{language}: left in English: {copies}"


@pytest.mark.django_db
def test_arabic_home_page_is_right_to_left_and_translated() -> None:
    page = Client(headers={"accept-language": "ar"}).get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    title = catalogue("ar")["Small arms and light weapons control"]
    assert title and title in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("zh-hans", "小武器"), ("ru", "стрелков"), ("fr", "armes légères"), ("es", "armas")],
)
def test_home_page_in_each_language(language: str, text: str) -> None:
    page = Client(headers={"accept-language": language}).get("/").content.decode()
    assert f'lang="{language}" dir="ltr"' in page
    assert text in page


@pytest.mark.django_db
def test_language_choice_is_remembered_for_the_user() -> None:
    client = signed_in_client("kenya.focal")
    response = client.post("/language/", {"language": "ru", "next": "/dashboard/"})
    assert response.status_code == 302
    assert User.objects.get(username="kenya.focal").language == "ru"
    # On another computer (no language cookie) the account's choice applies.
    elsewhere = signed_in_client("kenya.focal")
    assert 'lang="ru"' in elsewhere.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_numbers_are_formatted_for_the_language() -> None:
    from django.utils import formats, translation

    with translation.override("fr"):
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) in {
            "1\u202f234\u202f567",
            "1\xa0234\xa0567",
            "1 234 567",
        }
    with translation.override("en"):
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == "1,234,567"


def test_text_areas_follow_the_direction_of_what_is_typed() -> None:
    """An Arabic note on an English page, or a Latin serial quoted on an Arabic one."""
    from django import forms

    class Note(forms.Form):
        note = forms.CharField(widget=forms.Textarea)
        fixed = forms.CharField(widget=forms.Textarea(attrs={"dir": "ltr"}))

    html = str(Note(initial={"note": "ملاحظة"}))
    assert '<textarea name="note" dir="auto"' in html and "ملاحظة" in html
    assert 'rows="10" dir="ltr"' in html and html.count("dir=") == 2
