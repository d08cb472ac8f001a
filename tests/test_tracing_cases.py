"""Cases: grouping requests and seized weapons, seen only by the States involved, with links
suggested between requests that share an export record or a point of diversion."""

import pytest
from django.core.exceptions import PermissionDenied
from tests.tracing_fixtures import answered_pair, kenya_case, registries, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.models import Weapon
from salw.tracing.cases import add_to_case, suggested_links
from salw.tracing.models_cases import TracingCase
from salw.tracing.services import close_with_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


class TestCasePage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return f"/tracing/cases/{kenya_case().pk}/"


class TestCaseList(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return "/tracing/cases/"


def test_requests_sharing_an_export_licence_are_suggested() -> None:
    first, second = answered_pair()
    [(other, shared)] = suggested_links(first, user("kenya.records"))
    assert other == second and shared == ["same export licence"]
    close_with_feedback(
        first, actor=user("kenya.records"), diversion_established=True, where="Callao"
    )
    page = signed_in_client("kenya.records").get(f"/tracing/cases/{kenya_case(first).pk}/")
    suggestions = page.content.decode().split('id="suggestions"')[1].split("</table>")[0]
    assert second.reference in suggestions and "same export licence" in suggestions


def test_only_the_states_involved_see_a_case() -> None:
    first, _second = answered_pair()
    lonely = kenya_case()
    shared = kenya_case(first)
    peru = user("peru.records")
    assert list(TracingCase.objects.visible_to(peru)) == [shared]  # through the request it got
    assert signed_in_client("peru.records").get(f"/tracing/cases/{lonely.pk}/").status_code == 404
    for outsider in ("analyst", "admin", "peru.focal"):
        assert not TracingCase.objects.visible_to(user(outsider)).exists()


def test_only_the_opening_state_adds_and_only_what_it_may_see() -> None:
    first, _second = answered_pair()
    case = kenya_case()
    with pytest.raises(PermissionDenied):
        add_to_case(kenya_case(first), actor=user("peru.records"), request=first)
    peru_weapon = Weapon.objects.filter(state__iso3="PER").first()
    with pytest.raises(PermissionDenied):
        add_to_case(case, actor=user("kenya.records"), weapon=peru_weapon)
    kenya_weapon = Weapon.objects.filter(state__iso3="KEN").first()
    response = signed_in_client("kenya.records").post(
        f"/tracing/cases/{case.pk}/add/", {"weapon": kenya_weapon.pk}
    )
    assert response.status_code == 302 and list(case.weapons.all()) == [kenya_weapon]
