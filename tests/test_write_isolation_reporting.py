"""Write isolation of national reports: only the State's focal point (and, for answers, its
contributors) writes its report; Peru's focal point is the other State, Kenya's record keeper
the member without the role."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import ApiWriteIsolationTests, PageWriteIsolationTests
from salw.reporting import services
from salw.reporting.models import Answer, Report, ReportEvent, ReportFile
from salw.reporting.workbook import export_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]
REPORTS = (Report, Answer, ReportEvent)


class _Kenyas:
    owner = "kenya.focal"
    other_state = "peru.focal"
    wrong_role = "kenya.records"
    models = REPORTS


def submitted() -> Report:
    return services.submit_report(complete(start()), actor=user("kenya.focal"))


class TestStartPage(_Kenyas, PageWriteIsolationTests):
    covers = ("reporting:list",)
    other_state = None  # a draft is always started for the writer's own State

    def url(self) -> str:
        return "/reports/"

    def data(self) -> dict[str, str]:
        return {"language": "ar", "copy_forward": "on"}


class TestSectionPage(_Kenyas, PageWriteIsolationTests):
    covers = ("reporting:section",)

    def url(self) -> str:
        self.report = start()
        return f"/reports/{self.report.pk}/section/marking/"

    def data(self) -> dict[str, Any]:
        return {
            "revision": self.report.revision,
            "marking_practices": "Все единицы оружия маркируются; تُوسم جميع الأسلحة",
            "unmarked_weapons_measures": "yes",
        }


class TestSubmitPage(_Kenyas, PageWriteIsolationTests):
    covers = ("reporting:submit", "reporting:check")  # one view, two addresses

    def url(self) -> str:
        return f"/reports/{complete(start()).pk}/submit/"


class TestAmendPage(_Kenyas, PageWriteIsolationTests):
    covers = ("reporting:amend",)

    def url(self) -> str:
        return f"/reports/{submitted().pk}/amend/"


class TestPublicationPage(_Kenyas, PageWriteIsolationTests):
    covers = ("reporting:visibility",)

    def url(self) -> str:
        return f"/reports/{start().pk}/publication/"

    def data(self) -> dict[str, str]:
        return {"visibility": "confidential"}


class TestStartApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:report-list",)
    other_state = None

    def url(self) -> str:
        return "/api/reports/"

    def data(self) -> dict[str, str]:
        return {"cycle": "bms10", "language": "fr"}


class TestSubmitApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:report-submit",)

    def url(self) -> str:
        return f"/api/reports/{complete(start()).pk}/submit/"


class TestAmendApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:report-amend",)

    def url(self) -> str:
        return f"/api/reports/{submitted().pk}/amend/"


class TestPublicationApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:report-publication",)

    def url(self) -> str:
        return f"/api/reports/{start().pk}/publication/"

    def data(self) -> dict[str, str]:
        return {"visibility": "confidential"}


class TestAnswersApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:report-answers",)
    method = "patch"

    def url(self) -> str:
        self.report = start()
        return f"/api/reports/{self.report.pk}/answers/"

    def data(self) -> dict[str, Any]:
        return {"answers": {"coordination_body": "yes", "coordination_body_women": 4}}

    def send(self, client: Any, url: str, data: Any) -> Any:
        # The current ETag: a refusal is for who writes, never for a stale edit.
        return client.patch(url, data, format="json", HTTP_IF_MATCH=self.report.etag)


def filled_workbook(report: Report) -> SimpleUploadedFile:
    """The report's own offline workbook with one answer typed in, as a focal point returns it."""
    data = export_workbook(report, services.answer_values(report), "en")
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "coordination_body_women":
                row[4].value = 3
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("report.xlsx", output.getvalue())


class TestWorkbookUploadPage(_Kenyas, PageWriteIsolationTests):
    covers = ("reporting:workbook_upload",)

    def url(self) -> str:
        self.report = start()
        return f"/reports/{self.report.pk}/workbook/"

    def data(self) -> dict[str, Any]:
        return {"workbook": filled_workbook(self.report)}


class TestFilesApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:report-files",)
    models = (*REPORTS, ReportFile)

    def url(self) -> str:
        self.report = start()
        return f"/api/reports/{self.report.pk}/files/"

    def data(self) -> dict[str, Any]:
        plan = SimpleUploadedFile("Plan d’action national 2025–2030.pdf", b"%PDF-1.7\n% plan\n")
        return {"question": "national_action_plan_file", "file": plan}

    def send(self, client: Any, url: str, data: Any) -> Any:
        return client.post(url, data, format="multipart", HTTP_IF_MATCH=self.report.etag)
