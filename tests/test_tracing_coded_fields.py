"""The weapon type, make and calibre of a tracing request are taken from the registry's lists,
whatever the door, so the requested State reads them in its own language or under the
reference name; a make or calibre the lists do not hold is typed as "other" and kept."""

import pytest
from tests.tracing_fixtures import kenya_request, posted, registries, user

from salw.core.testing import signed_in_client, token_client
from salw.states.models import State
from salw.tracing.models import TracingRequest
from salw.tracing.services import send_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference() -> None:
    registries()


def _new(**changes: str) -> dict:
    """A new request as its form posts it, to Peru."""
    return {**posted(**changes), "requested_states": [State.objects.get(iso3="PER").pk]}


def test_the_form_offers_the_lists_with_an_other() -> None:
    form = signed_in_client("kenya.records").get(
        "/tracing/requests/new/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = form.content.decode()
    make = html.split('<select name="make"')[1].split("</select>")[0]
    calibre = html.split('<select name="calibre"')[1].split("</select>")[0]
    assert '<option value="FN Herstal">FN Herstal</option>' in make
    assert '<option value="other">Autre (à saisir ci-dessous)</option>' in make
    assert '<option value="7.62×39 mm">7.62×39 mm</option>' in calibre
    assert 'name="make_other"' in html and 'name="calibre_other"' in html


def test_an_other_make_is_kept_as_typed_and_a_known_one_takes_its_name() -> None:
    kenya = signed_in_client("kenya.records")
    body = _new(make="other", calibre="other")
    body.update(make_other="Atelier artisanal de Darra", calibre_other="7,62x39")
    response = kenya.post("/tracing/requests/new/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:2000]
    request = TracingRequest.objects.get()
    assert request.make == "Atelier artisanal de Darra"
    assert request.calibre == "7.62×39 mm"  # the typed alias is the listed calibre
    edit = kenya.get(f"/tracing/requests/{request.pk}/edit/").content.decode()
    assert '<option value="other" selected>' in edit.split('name="make"')[1]
    assert 'value="Atelier artisanal de Darra"' in edit
    assert '<option value="7.62×39 mm" selected>' in edit


def test_other_needs_its_text_and_a_choice_is_not_also_typed() -> None:
    kenya = signed_in_client("kenya.records")
    body = _new(make="other")
    response = kenya.post("/tracing/requests/new/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Type it, or choose it from the list." in response.content.decode()
    body = _new(make="FN Herstal")
    body["make_other"] = "FN"
    response = kenya.post("/tracing/requests/new/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Choose from the list or type it as other, not both." in response.content.decode()
    assert not TracingRequest.objects.exists()


def test_the_api_takes_words_of_the_lists_in_any_language() -> None:
    body = {
        "requested_states": ["PER"],
        "illicit_grounds": ["transfer"],
        "how_found": "seized",
        "found_on": "2026-02-01",
        "serial_as_read": "123-456/B",
        "intended_use": "Enquête judiciaire",
        "weapon_type": "Fusil d’assaut",
        "make": "fn herstal",
        "calibre": "7.62 NATO",
    }
    made = token_client("kenya.records").post("/api/tracing/requests/", body, format="json")
    assert made.status_code == 201, made.content
    [data] = made.json()
    assert (data["weapon_type"], data["make"], data["calibre"]) == (
        "assault_rifle", "FN Herstal", "7.62×51 mm",
    )  # fmt: skip
    edited = token_client("kenya.records").patch(
        f"/api/tracing/requests/{data['id']}/", {"calibre": ".308 Win"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["calibre"] == ".308 Winchester"


def test_the_requested_state_reads_the_type_in_its_language() -> None:
    request = kenya_request()
    # Written before types were coded, in the requesting officer's words.
    TracingRequest.objects.filter(pk=request.pk).update(weapon_type="手枪")
    send_request(request, actor=user("kenya.records"))
    page = signed_in_client("peru.records").get(f"/tracing/requests/{request.pk}/")
    html = page.content.decode()
    assert "手枪" not in html
    assert "<dd>Pistola</dd>" in html
