"""Write isolation of a State's points of contact and marking practice: its focal point only."""

from typing import Any

import pytest

from salw.core.testing import ApiWriteIsolationTests, PageWriteIsolationTests
from salw.states.models import MarkingPractice, PointOfContact, State
from salw.states.services.contacts import save_point_of_contact

pytestmark = pytest.mark.django_db
CONTACT = {
    "title": "Ms",
    "name": "Achieng Otieno / أشينغ",
    "position": "Director, National Focal Point on SALW",
    "organisation": "Kenya National Focal Point on Small Arms and Light Weapons",
    "address": "Nairobi",
    "telephone": "+254 20 0000000",
    "email": "npc@example.org",
}
PRACTICE = {
    "action": "practice",
    "manufacture_elements": ["manufacturer", "country", "serial", "year"],
    "marked_components": ["frame"],
    "import_marking": "yes",
    "import_elements": ["country", "year"],
    "polymer_rule": "Serial on a steel plate moulded into the frame.",
}


class _Kenyas:
    owner = "kenya.focal"
    other_state = "peru.focal"
    wrong_role = "kenya.records"
    models = (PointOfContact, MarkingPractice)


class TestContactPage(_Kenyas, PageWriteIsolationTests):
    covers = ("states:contact_edit",)

    def url(self) -> str:
        return "/states/KEN/contacts/both/edit/"

    def data(self) -> dict[str, str]:
        return CONTACT


class TestMarkingPage(_Kenyas, PageWriteIsolationTests):
    covers = ("states:marking_edit",)

    def url(self) -> str:
        return "/states/KEN/marking/edit/"

    def data(self) -> dict[str, Any]:
        return PRACTICE


class TestContactCreateApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:point-of-contact-list",)

    def data(self) -> dict[str, str]:
        return {**CONTACT, "state": "KEN", "scope": "poa"}

    def url(self) -> str:
        return "/api/points-of-contact/"


class TestContactUpdateApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:point-of-contact-detail",)
    method = "patch"

    def url(self) -> str:
        from salw.accounts.models import User

        contact = save_point_of_contact(
            State.objects.get(iso3="KEN"),
            "poa",
            CONTACT,
            actor=User.objects.get(username="kenya.focal"),
        )
        return f"/api/points-of-contact/{contact.pk}/"

    def data(self) -> dict[str, str]:
        return {"telephone": "+254 20 1111111"}


class TestMarkingApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:marking-practice-detail",)
    method = "patch"

    def url(self) -> str:
        MarkingPractice.objects.get_or_create(state=State.objects.get(iso3="KEN"))
        return "/api/marking-practices/KEN/"

    def data(self) -> dict[str, Any]:
        return {"import_elements": ["country", "year"]}
