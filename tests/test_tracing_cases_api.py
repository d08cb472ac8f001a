"""Cases through the API and the command line: the pages' services and visibility."""

import pytest
from django.core.management import CommandError, call_command
from tests.tracing_fixtures import answered_pair, kenya_case, registries

from salw.core.testing import ApiPermissionTests, token_client
from salw.registry.models import Weapon
from salw.tracing.models_cases import TracingCase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


def kenya_weapon() -> Weapon:
    return Weapon.objects.filter(state__iso3="KEN").get()


class TestCaseListApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return "/api/tracing/cases/"


class TestCaseOpenApi(TestCaseListApi):
    method = "post"
    owner_status = 201

    def data(self) -> dict[str, str]:
        return {"title": "Mombasa port seizure"}


class TestCaseApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/api/tracing/cases/{kenya_case().pk}/"


class TestCaseSuggestionsApi(TestCaseApi):
    def url(self) -> str:
        return f"/api/tracing/cases/{kenya_case().pk}/suggestions/"


class TestCaseAddApi(TestCaseApi):
    method = "post"

    def url(self) -> str:
        return f"/api/tracing/cases/{kenya_case().pk}/add/"

    def data(self) -> dict[str, int]:
        return {"weapon": kenya_weapon().pk}


def test_a_case_through_the_api() -> None:
    first, second = answered_pair()
    kenya = token_client("kenya.records")
    opened = kenya.post("/api/tracing/cases/", {"title": "Mombasa port seizure"})
    assert opened.status_code == 201 and opened.json()["state"] == "KEN"
    pk = opened.json()["id"]
    added = kenya.post(f"/api/tracing/cases/{pk}/add/", {"request": first.pk})
    assert added.status_code == 200
    assert [r["reference"] for r in added.json()["requests"]] == [first.reference]
    weapon = kenya_weapon()
    detail = kenya.post(f"/api/tracing/cases/{pk}/add/", {"weapon": weapon.pk}).json()
    assert [w["id"] for w in detail["weapons"]] == [weapon.pk]
    assert detail["requests"][0]["status"] == "answered"
    [suggestion] = kenya.get(f"/api/tracing/cases/{pk}/suggestions/").json()
    assert suggestion["request"]["id"] == second.pk and suggestion["shared"] == ["export"]
    assert suggestion["shared_labels"] == ["same export licence"]
    [listed] = kenya.get("/api/tracing/cases/").json()["results"]
    assert listed["id"] == pk and listed["title"] == "Mombasa port seizure"


def test_the_other_state_sees_only_what_it_may_and_adds_nothing() -> None:
    first, _second = answered_pair()
    case = kenya_case(first)
    kenya_case()  # a case Peru has no request in
    kenya_weapon_id = kenya_weapon().pk
    case.weapons.add(kenya_weapon_id)
    peru = token_client("peru.records")
    assert [c["id"] for c in peru.get("/api/tracing/cases/").json()["results"]] == [case.pk]
    detail = peru.get(f"/api/tracing/cases/{case.pk}/").json()
    assert [r["id"] for r in detail["requests"]] == [first.pk]
    assert detail["weapons"] == []  # Kenya's registry is not Peru's to see
    refused = peru.post(f"/api/tracing/cases/{case.pk}/add/", {"request": first.pk})
    assert refused.status_code == 403


def test_adding_what_the_caller_may_not_see_is_not_found() -> None:
    case = kenya_case()
    kenya = token_client("kenya.records")
    peru_weapon = Weapon.objects.filter(state__iso3="PER").first()
    assert (
        kenya.post(f"/api/tracing/cases/{case.pk}/add/", {"weapon": peru_weapon.pk}).status_code
        == 404
    )
    assert kenya.post(f"/api/tracing/cases/{case.pk}/add/", {"request": 999999}).status_code == 404
    empty = kenya.post(f"/api/tracing/cases/{case.pk}/add/", {})
    assert empty.status_code == 400
    assert not case.weapons.exists() and not case.requests.exists()
    blank = kenya.post("/api/tracing/cases/", {"title": "  "})
    assert blank.status_code == 400 and TracingCase.objects.count() == 1


def test_cases_from_the_command_line(capsys: pytest.CaptureFixture) -> None:
    first, second = answered_pair()
    call_command(
        "tracing", "open-case", "--title", "Mombasa port seizure", "--user", "kenya.records"
    )
    case = TracingCase.objects.get()
    assert f"Case #{case.pk} opened" in capsys.readouterr().out
    call_command("tracing", "add-to-case", "--case", str(case.pk), "--request", str(first.pk),
                 "--user", "kenya.records")  # fmt: skip
    assert list(case.requests.all()) == [first]
    call_command("tracing", "cases", "--state", "KE", "--user", "kenya.records")
    assert "Mombasa port seizure" in capsys.readouterr().out
    call_command("tracing", "cases", "--state", "PE", "--user", "kenya.records")
    assert capsys.readouterr().out.strip() == "No case."
    call_command("tracing", "case", "--case", str(case.pk), "--user", "kenya.records")
    shown = capsys.readouterr().out
    requests, suggested = shown.split("Suggested links:")
    assert first.reference in requests and second.reference not in requests
    assert second.reference in suggested and "same export licence" in suggested
    with pytest.raises(CommandError, match="Only the State that opened"):
        call_command("tracing", "add-to-case", "--case", str(case.pk), "--request",
                     str(first.pk), "--user", "peru.records")  # fmt: skip
    with pytest.raises(CommandError, match="--case"):
        call_command("tracing", "case", "--case", str(case.pk), "--user", "kenya.focal")
    with pytest.raises(CommandError, match="--user"):
        call_command("tracing", "cases")


def test_query_counts_do_not_grow_with_cases_and_requests(
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    first, second = answered_pair()
    answered_pair()  # two more requests with the same export licence: suggested
    for _n in range(5):
        case = kenya_case(first, second)
    kenya = token_client("kenya.records")
    with django_assert_max_num_queries(6):
        assert len(kenya.get("/api/tracing/cases/").json()["results"]) == 5
    with django_assert_max_num_queries(8):
        assert len(kenya.get(f"/api/tracing/cases/{case.pk}/").json()["requests"]) == 2
    with django_assert_max_num_queries(9):
        assert len(kenya.get(f"/api/tracing/cases/{case.pk}/suggestions/").json()) == 2
