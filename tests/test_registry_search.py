"""Search by marks on any component: exact after normalisation, prefix and wildcards."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from salw.core.testing import signed_in_client, token_client
from salw.registry.choices import ComponentKind
from salw.registry.search import search_markings
from salw.registry.services import move_component
from salw.registry.testing import TODAY, pistol, polymer_pistol, user

pytestmark = pytest.mark.django_db


def _weapons(username: str, pattern: str) -> set[int]:
    return {hit.weapon_id for hit in search_markings(user(username), pattern)}


def test_the_modular_case_finds_b_now_and_a_in_the_past() -> None:
    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    slide = a.components.get(kind=ComponentKind.SLIDE)
    move_component(slide, b, actor=user("kenya.records"), date=TODAY)
    (hit,) = search_markings(user("kenya.records"), "s-a-1")
    assert hit.weapon_id == b.pk
    assert hit.former_weapon_ids == [a.pk]


def test_the_polymer_case_finds_the_plate_and_the_duplicated_import_mark() -> None:
    weapon = polymer_pistol()
    assert _weapons("kenya.records", "bxr 123") == {weapon.pk}
    import_hits = search_markings(user("kenya.records"), "KEN2024*")
    kinds = {hit.marking.component.kind for hit in import_hits}
    assert kinds == {ComponentKind.FRAME, ComponentKind.BARREL}
    assert {hit.marking.material for hit in import_hits} == {"polymer", "metal"}


@pytest.mark.parametrize(
    ("pattern", "found"),
    [
        ("KE1001", True),  # exact serial
        ("ke-10 01", True),  # separators and case
        ("КЕ1001", True),  # Cyrillic look-alikes
        ("KE10*", True),  # prefix
        ("KE1?01", True),  # one-character wildcard
        ("*1001", True),  # leading wildcard (scans)
        ("K*01", True),
        ("KE100", False),  # exact means exact
        ("KE1?1", False),
    ],
)
def test_search_patterns(pattern: str, found: bool) -> None:
    weapon = pistol(serial="KE-1001")
    assert (weapon.pk in _weapons("kenya.records", pattern)) is found


def test_prefix_search_does_not_overrun() -> None:
    pistol(serial="AZ9")
    near = pistol(serial="B00")
    assert near.pk not in _weapons("kenya.records", "AZ*")


def test_another_states_marks_are_not_found() -> None:
    pistol(serial="KE-1001")
    assert _weapons("peru.records", "KE1001") == set()
    assert _weapons("analyst", "KE1001") == set()


def test_an_empty_pattern_is_refused() -> None:
    with pytest.raises(ValidationError):
        search_markings(user("kenya.records"), " -*? ")


@pytest.mark.parametrize("pattern", ["*", "?", "-*-", "*?*", "/"])
def test_a_pattern_without_letter_or_digit_is_refused_clearly_on_page_and_api(
    pattern: str,
) -> None:
    weapon = pistol(serial="KE-1001")
    page = signed_in_client("kenya.records").get(
        "/registry/weapons/", {"marking": pattern}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override("ru"):
        message = gettext("Give at least one letter or digit of the mark to search for.")
    assert message != "Give at least one letter or digit of the mark to search for."
    assert escape(message) in html
    # An invalid search lists nothing rather than the whole register.
    assert reverse("registry:weapon", args=[weapon.pk]) not in html
    api = token_client("kenya.records")
    for url in ("/api/registry/weapons/", "/api/registry/markings/"):
        key = "marking" if "weapons" in url else "q"
        answer = api.get(url, {key: pattern})
        assert answer.status_code == 400, (url, answer.content)
        assert "letter or digit" in answer.content.decode()
