import pytest
from django.test import Client

from salw.core.models import ChangeLog
from salw.states.models import Region, State, StateStatus
from salw.states.services import load_states

pytestmark = pytest.mark.django_db


def test_all_member_and_observer_states_are_loaded() -> None:
    assert State.objects.filter(status=StateStatus.MEMBER).count() == 193
    observers = State.objects.filter(status=StateStatus.OBSERVER)
    assert sorted(observers.values_list("iso3", flat=True)) == ["PSE", "VAT"]


@pytest.mark.parametrize(
    ("iso3", "iso2", "m49", "language", "name"),
    [
        ("CHN", "CN", "156", "zh-hans", "中国"),
        ("CHN", "CN", "156", "en", "China"),
        ("EGY", "EG", "818", "ar", "مصر"),
        ("CIV", "CI", "384", "fr", "Côte d’Ivoire"),
        ("KEN", "KE", "404", "sw", None),
        ("PER", "PE", "604", "es", "Perú"),
        ("RUS", "RU", "643", "ru", "Россия"),
        ("PSE", "PS", "275", "en", "State of Palestine"),
        ("VAT", "VA", "336", "fr", "Saint-Siège"),
        ("TUR", "TR", "792", "en", "Türkiye"),
        ("PRK", "KP", "408", "en", "Democratic People's Republic of Korea"),
    ],
)
def test_codes_and_names(iso3: str, iso2: str, m49: str, language: str, name: str | None) -> None:
    state = State.objects.get(iso3=iso3)
    assert (state.iso2, state.m49) == (iso2, m49)
    stored = dict(state.names.values_list("language", "name"))
    assert set(stored) == {"ar", "en", "es", "fr", "ru", "zh-hans"}
    if name is not None:
        assert stored[language] == name


def test_regions_follow_m49() -> None:
    kenya = State.objects.get(iso3="KEN")
    assert (kenya.region.m49, kenya.subregion.m49) == ("002", "014")
    assert kenya.region.name_in("zh-hans") == "非洲"
    assert kenya.subregion.name_in("en") == "Eastern Africa"
    peru = State.objects.get(iso3="PER")
    assert (peru.region.name_in("en"), peru.subregion.name_in("en")) == (
        "Americas",
        "South America",
    )
    assert Region.objects.filter(parent=None).count() == 5
    assert all(state.subregion.parent_id == state.region_id for state in State.objects.all())


def test_reloading_changes_nothing_and_logs_nothing() -> None:
    before = ChangeLog.objects.count()
    result = load_states()
    assert (result.created, result.updated) == (0, 0)
    assert ChangeLog.objects.count() == before


def test_reloading_repairs_an_altered_state() -> None:
    kenya = State.objects.get(iso3="KEN")
    kenya.m49 = "999"
    kenya.save()
    result = load_states()
    assert result.updated == 1
    assert State.objects.get(iso3="KEN").m49 == "404"


def test_list_filters_by_region_in_the_page_language() -> None:
    response = Client(headers={"accept-language": "fr"}).get("/states/", {"region": "002"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kenya" in content and "Égypte" in content
    assert "Pérou" not in content
    assert "54 États" in content


def test_subregion_filter_and_text_search() -> None:
    client = Client()
    eastern_africa = client.get("/states/", {"region": "014"}).content.decode()
    assert "Kenya" in eastern_africa and "Egypt" not in eastern_africa
    found = client.get("/states/", {"q": "per"}).content.decode()
    assert "Peru" in found


def test_public_state_page() -> None:
    response = Client().get("/states/ken/")
    assert response.status_code == 200
    assert "كينيا" in response.content.decode()
    assert Client().get("/states/XXX/").status_code == 404


def test_states_api_is_public_and_filtered() -> None:
    response = Client().get("/api/states/", {"region": "019", "limit": 100})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 35
    peru = next(item for item in data["results"] if item["iso3"] == "PER")
    assert peru["names"]["zh-hans"] == "秘鲁"
    assert peru["region"] == {"m49": "019", "name": "Americas"}


def test_list_page_and_api_keep_a_fixed_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    client = Client()
    with django_assert_max_num_queries(12):
        assert client.get("/states/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/states/", {"limit": 200}).status_code == 200
