"""The reports API: inherited permissions, ETag / If-Match, submission, public reports."""

import pytest
from rest_framework.test import APIClient
from tests.reporting_fixtures import (
    COMPLETE_V3,
    complete,
    english,
    shipped_templates,
    start,
    user,
)

from salw.core.testing import ApiPermissionTests, token_client
from salw.reporting import services
from salw.reporting.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


def _kenya_draft() -> Report:
    existing = Report.objects.filter(state__iso3="KEN", cycle__meeting__code="bms10").first()
    return existing or start()


class TestReportApi(ApiPermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/api/reports/{_kenya_draft().pk}/"


class TestReportListApi(ApiPermissionTests):
    owner = "peru.focal"
    wrong_role = "peru.records"

    def url(self) -> str:
        return "/api/reports/"


def test_draft_edits_need_the_current_etag() -> None:
    client = token_client("kenya.focal")
    created = client.post("/api/reports/", {"cycle": "bms10", "language": "fr"}, format="json")
    assert created.status_code == 201
    report_id, etag = created.json()["id"], created["ETag"]
    url = f"/api/reports/{report_id}/answers/"
    body = {"answers": {"coordination_body": "yes", "coordination_body_women": 4}}
    assert client.patch(url, body, format="json").status_code == 428
    saved = client.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200 and saved["ETag"] != etag
    stale = client.patch(
        url, {"answers": {"coordination_body": "no"}}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert services.answer_values(Report.objects.get(pk=report_id))["coordination_body"] == "yes"
    bad = client.patch(
        url, {"answers": {"coordination_body_women": "x"}}, format="json",
        HTTP_IF_MATCH=saved["ETag"],
    )  # fmt: skip
    assert bad.status_code == 400 and "coordination_body_women" in bad.json()["errors"]


def test_submission_lists_missing_answers_then_succeeds() -> None:
    client = token_client("kenya.focal")
    report = start()
    refused = client.post(f"/api/reports/{report.pk}/submit/")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert "poa_contact_point" in errors and "publication" in errors
    etag = client.get(f"/api/reports/{report.pk}/")["ETag"]
    client.patch(
        f"/api/reports/{report.pk}/answers/", {"answers": COMPLETE_V3}, format="json",
        HTTP_IF_MATCH=etag,
    )  # fmt: skip
    chosen = client.post(
        f"/api/reports/{report.pk}/publication/", {"visibility": "published"}, format="json"
    )
    assert chosen.status_code == 200
    assert client.post(f"/api/reports/{report.pk}/submit/").json()["status"] == "submitted"
    content = client.get(f"/api/reports/{report.pk}/").json()["content"]
    first = content["sections"][0]["answers"][0]
    assert (first["number"], first["source"]) == ("1.1", "PoA II.4")


def test_another_states_draft_is_not_found_for_writes_too() -> None:
    report = start()
    client = token_client("peru.focal")
    assert client.post(f"/api/reports/{report.pk}/submit/").status_code == 404
    assert (
        client.patch(
            f"/api/reports/{report.pk}/answers/",
            {"answers": {}},
            format="json",
            HTTP_IF_MATCH=report.etag,
        ).status_code  # fmt: skip
        == 404
    )


def test_public_reports_cycles_and_templates_are_open(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(
            complete(start(), implementation_challenges="Faltan recursos: marcaje"),
            actor=user("kenya.focal"),
        )  # fmt: skip
    public = APIClient()
    listed = public.get("/api/public-reports/", {"q": "MARCAJE"}).json()
    assert [r["id"] for r in listed["results"]] == [report.pk]
    assert public.get("/api/public-reports/", {"q": "marcaje", "state": "PER"}).json()["count"] == 0
    assert public.get(f"/api/public-reports/{report.pk}/").json()["state"] == "KEN"
    assert public.get("/api/cycles/bms9/").json()["template"] == "v3"
    questions = public.get("/api/templates/v3/").json()["questions"]
    assert any(q["number"] == "3.4" and q["source"] == "PoA II.12" for q in questions)
    assert public.get(f"/api/reports/{report.pk}/").status_code == 401
