"""A country stored as its code is named in the reader's language; an account's language is
one of the six, and anything else is refused naming the field."""

import pytest
from django.utils import translation

from salw.core.testing import signed_in_client
from salw.registry.models import Weapon
from salw.registry.services.loading import load_reference
from salw.registry.testing import pistol
from salw.states.templatetags.countries import country, country_name

pytestmark = pytest.mark.django_db

NAMES = {"en": "Germany", "fr": "Allemagne", "es": "Alemania", "ru": "Германия",
         "ar": "ألمانيا", "zh-hans": "德国"}  # fmt: skip


@pytest.mark.parametrize(("language", "name"), NAMES.items())
def test_a_country_code_is_named_in_each_language(language: str, name: str) -> None:
    assert country_name("DEU", language) == name
    with translation.override(language):
        assert str(country("deu")) == f'{name} (<bdi dir="ltr">DEU</bdi>)'
    assert country_name("XQZ", language) == ""
    assert str(country("XQZ")) == '<bdi dir="ltr">XQZ</bdi>'


def test_the_weapon_page_names_its_country_in_arabic() -> None:
    load_reference()
    weapon = pistol()
    Weapon.objects.filter(pk=weapon.pk).update(country_of_manufacture="AUT")
    client = signed_in_client("kenya.records")
    page = client.get(f"/registry/weapons/{weapon.pk}/", headers={"accept-language": "ar"})
    assert 'النمسا (<bdi dir="ltr">AUT</bdi>)' in page.content.decode()


@pytest.mark.parametrize(
    ("given", "stored"), [("ar", "ar"), ("zh", "zh-hans"), ("zh-CN", "zh-hans"), ("FR", "fr")]
)
def test_an_account_language_is_one_of_the_six(given: str, stored: str) -> None:
    from salw.accounts.services import supported_language

    assert supported_language(given) == stored


def test_a_language_the_site_does_not_have_is_refused_naming_the_field() -> None:
    from django.core.exceptions import ValidationError

    from salw.accounts.services import supported_language

    with pytest.raises(ValidationError) as refused:
        supported_language("pt-BR")
    assert "language" in refused.value.message_dict
    assert "pt-BR" in refused.value.message_dict["language"][0]
