"""Write isolation of a State's team: its focal point adds members and sets their roles."""

import pytest

from salw.accounts.models import RoleGrant, User
from salw.core.testing import PageWriteIsolationTests

pytestmark = pytest.mark.django_db


class _Kenyas:
    owner = "kenya.focal"
    other_state = "peru.focal"
    wrong_role = "kenya.records"
    models = (User, RoleGrant)


class TestAddMemberPage(_Kenyas, PageWriteIsolationTests):
    covers = ("accounts:add_member",)
    other_state = None  # a member is always added to the focal point's own organisation

    def url(self) -> str:
        return "/account/team/add/"

    def data(self) -> dict[str, object]:
        return {
            "username": "amani.tracing",
            "first_name": "Амани",
            "last_name": "Njoroge نجوروجي",
            "email": "amani@example.org",
            "language": "fr",
            "roles": ["tracing_officer"],
        }


class TestMemberRolesPage(_Kenyas, PageWriteIsolationTests):
    covers = ("accounts:member",)

    def url(self) -> str:
        return f"/account/team/{User.objects.get(username='kenya.records').pk}/"

    def data(self) -> dict[str, object]:
        return {"roles": ["record_keeper"]}  # Kenya's tracing officer role taken away
