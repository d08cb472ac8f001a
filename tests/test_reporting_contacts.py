"""National points of contact: filled from submitted reports, kept current by focal points."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.reporting import services
from salw.reporting.models import ContactEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


class TestOwnContactsPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"

    def url(self) -> str:
        return "/reports/contacts/mine/"


def test_submission_fills_the_directory_once() -> None:
    report = complete(start(), iti_same_contact="yes")
    services.submit_report(report, actor=user("kenya.focal"))
    kinds = set(
        ContactEntry.objects.current().filter(state__iso3="KEN").values_list("kind", flat=True)
    )
    assert kinds == {"poa", "iti"}
    amendment = services.amend_report(report, actor=user("kenya.focal"))
    services.submit_report(amendment, actor=user("kenya.focal"))
    assert ContactEntry.objects.filter(state__iso3="KEN").count() == 2  # unchanged: no new rows
    page = Client().get("/reports/contacts/", {"q": "KEN"}).content.decode()
    assert "Kenya National Focal Point on SALW" in page
    assert "W. Kamau" not in page  # the person is shown to signed-in officials only
    signed_in = signed_in_client("peru.focal").get("/reports/contacts/", {"q": "KEN"})
    assert "W. Kamau" in signed_in.content.decode()


def test_focal_point_records_a_change_and_history_is_kept() -> None:
    focal = signed_in_client("kenya.focal")
    for name in ("A. First", "B. Second"):
        response = focal.post(
            "/reports/contacts/mine/",
            {"kind": "poa", "name": name, "organisation": "Ministry", "email": "npc@example.org"},
        )
        assert response.status_code == 302
    current = ContactEntry.objects.current().get(state__iso3="KEN", kind="poa")
    assert current.name == "B. Second"
    assert ContactEntry.objects.filter(state__iso3="KEN").count() == 2
    bad = focal.post("/reports/contacts/mine/", {"kind": "poa", "email": "not-mail"})
    assert bad.status_code == 400
    with pytest.raises(PermissionDenied):
        services.record_contact(current.state, "poa", {"name": "X"}, actor=user("peru.focal"))
