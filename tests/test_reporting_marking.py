"""National marking practices: filled from submitted reports, kept current by focal points."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.reporting import services
from salw.reporting.models import MarkingPractice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


class TestOwnMarkingPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"

    def url(self) -> str:
        return "/reports/marking/mine/"


def test_submission_records_the_marks_the_report_describes() -> None:
    report = complete(
        start(),
        manufacture_any="yes",
        manufacture_marking_required="yes",
        manufacture_mark_content=["serial", "country", "manufacturer"],
        manufacture_mark_part="frame or receiver",
        import_mark_content=["country", "year"],
        state_forces_marking="yes",
    )
    services.submit_report(report, actor=user("kenya.focal"))
    current = {p.kind: p for p in MarkingPractice.objects.current().filter(state__iso3="KEN")}
    assert set(current) == {"manufacture", "import", "state_forces"}
    assert current["manufacture"].elements == ["manufacturer", "country", "serial"]
    assert current["import"].elements == ["import_country", "import_year"]
    page = Client().get("/reports/marking/", {"q": "KEN"}).content.decode()
    assert "frame or receiver" in page and "Year of import" in page


def test_focal_point_records_a_practice_and_history_is_kept() -> None:
    focal = signed_in_client("kenya.focal")
    for location in ("frame", "frame and barrel"):
        response = focal.post(
            "/reports/marking/mine/",
            {"kind": "manufacture", "elements": ["serial", "country"], "location": location},
        )
        assert response.status_code == 302
    assert MarkingPractice.objects.filter(state__iso3="KEN").count() == 2
    assert MarkingPractice.objects.current().get(state__iso3="KEN").location == "frame and barrel"
    with pytest.raises(ValidationError):
        services.record_marking_practice(
            user("kenya.focal").organisation.state, "manufacture", {"elements": ["colour"]},
            actor=user("kenya.focal"),
        )  # fmt: skip


def test_marking_practices_api_is_public() -> None:
    services.record_marking_practice(
        user("kenya.focal").organisation.state, "import", {"elements": ["import_country"]},
        actor=user("kenya.focal"),
    )  # fmt: skip
    rows = APIClient().get("/api/marking-practices/", {"state": "ken"}).json()["results"]
    assert rows[0]["kind"] == "import" and rows[0]["elements"] == ["import_country"]
