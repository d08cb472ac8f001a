"""A submitted report brings the State's points of contact and marking practice up to date."""

import pytest
from tests.reporting_fixtures import complete, shipped_templates, start, user

from salw.core.models import ChangeLog
from salw.reporting import services
from salw.states.models import MarkingPractice, PointOfContact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates")]
assert shipped_templates  # the fixture is used by name above


def test_submission_fills_the_directory_and_the_marking_practice() -> None:
    report = complete(start(), import_mark_content=["country", "year"], import_unique_mark="yes")
    services.submit_report(report, actor=user("kenya.focal"))
    contact = PointOfContact.objects.get(state__iso3="KEN")
    assert contact.organisation == "Kenya National Focal Point on SALW"
    practice = MarkingPractice.objects.get(state__iso3="KEN")
    assert practice.import_marking == "yes"
    assert practice.import_elements == ["country", "year", "unique_mark"]
    # Kept in the same history as the focal point's own edits.
    assert ChangeLog.objects.for_object(contact).filter(action="create").exists()
