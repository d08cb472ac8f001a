"""Write isolation of national reports: only the State's focal point (and, for answers, its
contributors) writes its report; Peru's focal point is the other State, Kenya's record keeper
the member without the role."""

from typing import Any

import pytest
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import ApiWriteIsolationTests, PageWriteIsolationTests
from salw.reporting import services
from salw.reporting.models import Answer, Report, ReportEvent

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
    covers = ("reporting:submit",)

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
