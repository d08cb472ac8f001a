"""Points of contact and marking practices: kept by each State's focal point."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from salw.core.models import ChangeLog
from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.states.models import MarkingExample, MarkingPractice, PointOfContact, State

pytestmark = pytest.mark.django_db

CONTACT = {
    "title": "Ms",
    "name": "Achieng Otieno",
    "position": "Director, Kenya National Focal Point on SALW",
    "organisation": "Kenya National Focal Point on Small Arms and Light Weapons",
    "address": "Nairobi",
    "telephone": "+254 20 0000000",
    "email": "npc@example.org",
}


def _png(size: tuple[int, int] = (40, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("mark.png", buffer.getvalue(), content_type="image/png")


def _kenya_contact() -> PointOfContact:
    return PointOfContact.objects.create(
        state=State.objects.get(iso3="KEN"), scope="both", **CONTACT
    )


class TestContactEditPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"
    other_state = "peru.focal"

    def url(self) -> str:
        return "/states/KEN/contacts/poa/edit/"

    def test_wrong_role_is_refused(self) -> None:
        # Without the focal point role the edit page of one's own State is not offered at all.
        assert self.client_for(self.wrong_role).get(self.url()).status_code == 404


class TestMarkingEditPage(TestContactEditPage):
    def url(self) -> str:
        return "/states/KEN/marking/edit/"


class TestContactApi(ApiPermissionTests):
    owner = "kenya.records"

    def url(self) -> str:
        return f"/api/points-of-contact/{_kenya_contact().pk}/"


class TestContactDirectoryPage(PagePermissionTests):
    owner = "kenya.records"  # a tracing officer liaises with other States' contacts

    def url(self) -> str:
        return "/states/contacts/"


def test_the_directory_is_not_for_donors_or_the_public() -> None:
    contact = _kenya_contact()
    assert signed_in_client("donor").get("/states/contacts/").status_code == 403
    assert token_client("donor").get("/api/points-of-contact/").status_code == 403
    for reader in ("kenya.focal", "peru.records", "analyst"):
        page = signed_in_client(reader).get("/states/contacts/").content.decode()
        assert contact.name in page
    public = Client().get("/states/KEN/").content.decode()
    assert contact.organisation in public
    assert contact.name not in public and contact.position not in public
    assert "/states/contacts/" not in signed_in_client("donor").get("/states/KEN/").content.decode()


def test_focal_point_names_a_contact_and_the_change_is_logged() -> None:
    client = signed_in_client("kenya.focal")
    response = client.post("/states/KEN/contacts/both/edit/", CONTACT)
    assert response.status_code == 302
    contact = PointOfContact.objects.get(state__iso3="KEN", scope="both")
    assert contact.name == "Achieng Otieno"
    client.post("/states/KEN/contacts/both/edit/", {**CONTACT, "name": "Peter Kamau"})
    entries = list(ChangeLog.objects.for_object(contact))
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[-1].before["name"] == "Achieng Otieno"
    assert entries[-1].after["name"] == "Peter Kamau"
    assert entries[-1].actor_label == "kenya.focal"


def test_bad_contact_is_refused_naming_the_field_and_nothing_changes() -> None:
    _kenya_contact()
    response = signed_in_client("kenya.focal").post(
        "/states/KEN/contacts/both/edit/", {**CONTACT, "email": "not an e-mail"}
    )
    assert response.status_code == 400
    assert "id_email" in response.content.decode()
    assert PointOfContact.objects.get(state__iso3="KEN", scope="both").email == CONTACT["email"]


def test_public_sees_the_organisation_not_the_person() -> None:
    _kenya_contact()
    page = Client().get("/states/KEN/").content.decode()
    assert CONTACT["organisation"] in page
    assert CONTACT["name"] not in page and CONTACT["email"] not in page
    directory = signed_in_client("peru.records").get("/states/contacts/", {"state": "ken"})
    assert CONTACT["email"] in directory.content.decode()


def test_api_create_and_update_only_for_the_own_state() -> None:
    payload = {**CONTACT, "state": "KEN", "scope": "poa"}
    assert token_client("peru.focal").post("/api/points-of-contact/", payload).status_code == 404
    created = token_client("kenya.focal").post("/api/points-of-contact/", payload)
    assert created.status_code == 201, created.json()
    contact_id = created.json()["id"]
    updated = token_client("kenya.focal").patch(
        f"/api/points-of-contact/{contact_id}/", {"telephone": "+254 20 1111111"}
    )
    assert updated.status_code == 200
    refused = token_client("peru.focal").patch(
        f"/api/points-of-contact/{contact_id}/", {"telephone": "0"}
    )
    assert refused.status_code == 404
    assert PointOfContact.objects.get(pk=contact_id).telephone == "+254 20 1111111"


def test_marking_practice_is_public_and_kept_by_the_focal_point() -> None:
    client = signed_in_client("kenya.focal")
    response = client.post(
        "/states/KEN/marking/edit/",
        {
            "action": "practice",
            "manufacture_elements": ["manufacturer", "country", "serial", "year"],
            "marked_components": ["frame", "marking_plate"],
            "import_marking": "yes",
            "import_elements": ["country", "year"],
            "polymer_rule": "Serial on a steel plate moulded into the frame.",
        },
    )
    assert response.status_code == 302
    practice = MarkingPractice.objects.get(state__iso3="KEN")
    assert practice.manufacture_elements == ["manufacturer", "country", "serial", "year"]
    page = Client(headers={"accept-language": "fr"}).get("/states/KEN/marking/").content.decode()
    assert "Numéro de série" in page or "numéro de série" in page
    api = Client().get("/api/marking-practices/KEN/").json()
    assert api["import_elements"] == ["country", "year"]


def test_an_unknown_choice_is_refused_by_the_api() -> None:
    MarkingPractice.objects.create(state=State.objects.get(iso3="KEN"))
    response = token_client("kenya.focal").patch(
        "/api/marking-practices/KEN/", {"manufacture_elements": ["colour"]}, format="json"
    )
    assert response.status_code == 400
    assert "manufacture_elements" in response.json()["errors"]
    assert MarkingPractice.objects.get(state__iso3="KEN").manufacture_elements == []


def test_example_images_are_checked_stored_and_served(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = signed_in_client("kenya.focal")
    url = "/states/KEN/marking/edit/"
    fake = SimpleUploadedFile("mark.png", b"<script>alert(1)</script>", content_type="image/png")
    refused = client.post(
        url, {"action": "example", "kind": "import", "caption": "x", "image": fake}
    )
    assert refused.status_code == 400
    assert "JPEG, PNG" in refused.content.decode()
    assert MarkingExample.objects.count() == 0
    added = client.post(
        url, {"action": "example", "kind": "import", "caption": "Import mark", "image": _png()}
    )
    assert added.status_code == 302
    example = MarkingExample.objects.get()
    served = Client().get(f"/states/KEN/marking/examples/{example.token}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    client.post(url, {"action": "withdraw", "token": example.token})
    assert Client().get(f"/states/KEN/marking/examples/{example.token}/").status_code == 404
    assert MarkingExample.objects.filter(pk=example.pk).exists()


def test_a_decompression_bomb_is_refused(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = signed_in_client("kenya.focal").post(
        "/states/KEN/marking/edit/",
        {"action": "example", "kind": "other", "caption": "big", "image": _png((9000, 9000))},
    )
    assert response.status_code == 400
    assert MarkingExample.objects.count() == 0


def test_a_practice_may_leave_lists_empty() -> None:
    response = signed_in_client("kenya.focal").post(
        "/states/KEN/marking/edit/",
        {"action": "practice", "manufacture_elements": ["serial"], "import_marking": "no"},
    )
    assert response.status_code == 302
    practice = MarkingPractice.objects.get(state__iso3="KEN")
    assert (practice.marked_components, practice.import_marking) == ([], "no")


def test_dashboard_asks_the_focal_point_for_what_is_missing() -> None:
    client = signed_in_client("kenya.focal")
    page = client.get("/dashboard/").content.decode()
    assert "/states/KEN/contacts/both/edit/" in page
    assert "/states/KEN/marking/edit/" in page
    _kenya_contact()
    MarkingPractice.objects.create(state=State.objects.get(iso3="KEN"))
    page = client.get("/dashboard/").content.decode()
    assert "/states/KEN/contacts/both/edit/" not in page
    assert "/states/KEN/marking/edit/" not in page
