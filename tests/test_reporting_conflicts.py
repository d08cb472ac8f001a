"""Edits never lost: when two people save the same section, the second sees both versions of
each answer side by side, keeps what was typed, and chooses per answer which one stays."""

import re

import pytest
from django.test import Client
from tests.reporting_fixtures import english, shipped_templates, start, user

from salw.accounts.choices import Role
from salw.accounts.services import create_user
from salw.core.testing import signed_in_client
from salw.reporting import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]

THEIRS = "Toda arma se marca al fabricarse y al importarse: país, año y número KE/2024/001-A."
YOURS = "Всё оружие маркируется при производстве\nи при ввозе (серийный номер 77-Б/2023)."


def _revision(page: str) -> str:
    found = re.search(r'name="revision" value="(\d+)"', page)
    assert found
    return found.group(1)


def test_both_versions_are_shown_and_either_can_be_kept() -> None:
    report = start()
    writer = Client()
    writer.force_login(
        create_user(
            username="kenya.writer",
            organisation=user("kenya.focal").organisation,
            roles=[Role.CONTRIBUTOR],
        )
    )
    focal = signed_in_client("kenya.focal")
    url = f"/reports/{report.pk}/section/marking/"
    loaded = _revision(focal.get(url).content.decode())
    assert writer.post(url, {"revision": loaded, "marking_practices": THEIRS}).status_code == 302

    # The focal point saves the page opened before: refused, nothing of it written...
    typed = {
        "revision": loaded,
        "marking_practices": YOURS,
        "mark_removal_measures": "yes",  # an answer nobody else touched
    }
    stale = focal.post(url, typed)
    assert stale.status_code == 409
    assert services.answer_values(report)["marking_practices"] == THEIRS
    page = stale.content.decode()
    # ...but both versions are side by side, and everything typed is still in the form.
    theirs_cell = re.search(r'<td dir="auto" class="theirs">(.*?)</td>', page, re.S)
    yours_cell = re.search(r'<td dir="auto" class="yours">(.*?)</td>', page, re.S)
    assert theirs_cell and THEIRS in theirs_cell.group(1)
    assert yours_cell and "77-Б/2023" in yours_cell.group(1)
    assert 'name="keep__marking_practices" value="theirs"' in page
    field = re.search(r'<textarea name="marking_practices"[^>]*>(.*?)</textarea>', page, re.S)
    assert field and YOURS in field.group(1)
    assert re.search(r'name="mark_removal_measures" value="yes"[^>]*checked', page)
    revision = _revision(page)
    assert int(revision) > int(loaded)  # the form now stands on the revision holding theirs

    # Keeping theirs for the conflicting answer still saves the rest of what was typed.
    kept = focal.post(
        url,
        {**typed, "revision": revision, "keep__marking_practices": "theirs"},
    )
    assert kept.status_code == 302
    values = services.answer_values(report)
    assert values["marking_practices"] == THEIRS
    assert values["mark_removal_measures"] == "yes"


def test_keeping_yours_after_a_conflict_saves_yours() -> None:
    report = start()
    other = Client()
    other.force_login(
        create_user(
            username="kenya.writer2",
            organisation=user("kenya.focal").organisation,
            roles=[Role.CONTRIBUTOR],
        )
    )
    focal = signed_in_client("kenya.focal")
    url = f"/reports/{report.pk}/section/marking/"
    loaded = _revision(focal.get(url).content.decode())
    other.post(url, {"revision": loaded, "marking_practices": THEIRS})
    stale = focal.post(url, {"revision": loaded, "marking_practices": YOURS})
    assert stale.status_code == 409
    again = focal.post(
        url,
        {
            "revision": _revision(stale.content.decode()),
            "marking_practices": YOURS,
            "keep__marking_practices": "yours",
        },
    )
    assert again.status_code == 302
    assert services.answer_values(report)["marking_practices"] == YOURS
