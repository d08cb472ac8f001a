"""The report pages: inherited permissions, questionnaire, stale edits, submission, search."""

import re

import pytest
from django.test import Client
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.accounts.choices import Role
from salw.accounts.services import create_user
from salw.core.testing import PagePermissionTests, signed_in_client
from salw.reporting import search, services
from salw.reporting.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


def _kenya_draft() -> Report:
    existing = Report.objects.filter(state__iso3="KEN", cycle__meeting__code="bms10").first()
    return existing or start()


class TestReportListPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"

    def url(self) -> str:
        return "/reports/"


class TestReportPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/reports/{_kenya_draft().pk}/"


class TestSectionPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/reports/{_kenya_draft().pk}/section/coordination/"


class TestDiffPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/reports/{_kenya_draft().pk}/changes/"


class TestJsonExport(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return f"/reports/{_kenya_draft().pk}/export.json"


def _revision(page: str) -> str:
    found = re.search(r'name="revision" value="(\d+)"', page)
    assert found, "the form carries the revision it was loaded at"
    return found.group(1)


def test_drafting_in_chinese_to_public_search(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    contributor = create_user(
        username="kenya.writer",
        organisation=user("kenya.focal").organisation,
        roles=[Role.CONTRIBUTOR],
    )
    focal = signed_in_client("kenya.focal")
    writer = Client()
    writer.force_login(contributor)
    response = focal.post("/reports/", {"language": "zh-hans", "copy_forward": "on"})
    report = Report.objects.get(state__iso3="KEN", cycle__meeting__code="bms10")
    assert response.status_code == 302 and report.language == "zh-hans"

    url = f"/reports/{report.pk}/section/marking/"
    page = writer.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "标识" in page  # the questionnaire speaks Chinese
    stale_revision = _revision(page)
    text = "所有武器在制造和进口时均须作标识，标识包括制造国和序列号。"
    saved = writer.post(
        url,
        {"revision": stale_revision, "marking_practices": text, "unmarked_weapons_measures": "yes"},
    )
    assert saved.status_code == 302
    stale = focal.post(url, {"revision": stale_revision, "marking_practices": "覆盖"}, follow=True)
    assert stale.status_code == 409
    assert "Someone else saved answers 7.1, 7.5" in stale.content.decode()
    assert services.answer_values(report)["marking_practices"] == text

    refused = focal.post(f"/reports/{report.pk}/submit/")
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "1.1" in body and "an answer is required" in body
    assert Report.objects.get(pk=report.pk).status == "draft"

    complete(report)
    denied = writer.post(f"/reports/{report.pk}/submit/")
    assert denied.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert focal.post(f"/reports/{report.pk}/submit/").status_code == 302
    assert Report.objects.get(pk=report.pk).status == "submitted"

    found = Client().get("/reports/public/", {"q": "标识"}).content.decode()
    assert f"/reports/public/{report.pk}/" in found
    assert "<mark>标识</mark>" in found
    assert Client().get("/reports/public/", {"q": "序列号 制造国"}).status_code == 200
    csv = Client().get("/reports/public/", {"q": "标识", "format": "csv"})
    assert b"KEN" in b"".join(csv.streaming_content)


def test_a_bad_answer_on_the_page_names_the_question_and_saves_nothing() -> None:
    report = start()
    url = f"/reports/{report.pk}/section/coordination/"
    response = signed_in_client("kenya.focal").post(
        url,
        {"revision": report.revision, "coordination_body": "yes", "coordination_body_women": "-3"},
    )
    assert response.status_code == 400
    assert "Enter a number of at least 0." in response.content.decode()
    assert not report.answers.exists()


def test_submitted_report_is_read_only_and_public(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(complete(start()), actor=user("kenya.focal"))
    focal = signed_in_client("kenya.focal")
    assert focal.get(f"/reports/{report.pk}/section/coordination/").status_code == 302
    public = Client().get(f"/reports/public/{report.pk}/")
    assert public.status_code == 200 and "Kenya National Focal Point" in public.content.decode()
    profile = Client().get("/reports/profiles/KEN/").content.decode()
    assert "Import marking" in profile and "Biennial Meeting of States 10 (2028)" in profile
    listed = Client().get(
        "/reports/public/", {"question": "import_marking_required", "answer": "yes"}
    )
    assert f"/reports/public/{report.pk}/" in listed.content.decode()
    none = Client().get("/reports/public/", {"question": "import_marking_required", "answer": "no"})
    assert f"/reports/public/{report.pk}/" not in none.content.decode()
    rows = b"".join(Client().get("/reports/cycles/bms10/answers.csv").streaming_content)
    assert b"KEN,bms10,1,export_euc_required,3.4,PoA II.12,yes" in rows


def test_confidential_and_draft_reports_are_not_public(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    draft = start()
    assert Client().get(f"/reports/public/{draft.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(complete(draft), actor=user("kenya.focal"))
        services.set_visibility(report, "confidential", actor=user("kenya.focal"))
    assert Client().get(f"/reports/public/{report.pk}/").status_code == 404
    assert search.matching_sql("Kenya") is not None
    found = Client().get("/reports/public/", {"q": "Kenya"}).content.decode()
    assert f"/reports/public/{report.pk}/" not in found


def test_dashboard_shows_the_report_progress_and_due_date() -> None:
    focal = signed_in_client("kenya.focal")
    before = focal.get("/dashboard/").content.decode()
    assert "National report" in before and "Start your State" in before
    start()
    after = focal.get("/dashboard/").content.decode()
    assert "required answers missing" in after and "March 31, 2028" in after


def test_pages_keep_a_bounded_number_of_queries(
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(complete(start()), actor=user("kenya.focal"))
    public = Client()
    with django_assert_max_num_queries(20):
        public.get("/reports/public/", {"q": "Kenya"})
    with django_assert_max_num_queries(20):
        public.get(f"/reports/public/{report.pk}/")
    focal = signed_in_client("kenya.focal")
    with django_assert_max_num_queries(30):
        focal.get(f"/reports/{report.pk}/")
    with django_assert_max_num_queries(25):
        focal.get("/reports/")


def test_the_report_page_keeps_showing_what_was_not_carried_over() -> None:
    focal = user("kenya.focal")
    old = start(code="revcon3")
    old = services.save_answers(
        old,
        {"coordination_agency": "yes", "poa_contact_point": "no", "manufacture_any": "no",
         "transfer_laws": "yes", "export_euc_required": "yes", "brokering_laws": "no",
         "import_marking_required": "yes", "import_marker": "Police"},
        base_revision=old.revision, actor=focal,
    )  # fmt: skip
    services.set_visibility(old, "published", actor=focal)
    services.submit_report(old, actor=focal)
    new = start(code="bms7")
    page = signed_in_client("kenya.focal").get(f"/reports/{new.pk}/").content.decode()
    assert "could not be carried over" in page and "5.10.1" in page
    changes = signed_in_client("kenya.focal").get(f"/reports/{new.pk}/changes/?against=cycle")
    assert "was 5.4" in changes.content.decode()
