"""Test helpers every app's tests use: signed-in clients and the inherited permission tests.

An endpoint's test class inherits `PagePermissionTests` or `ApiPermissionTests` and says which
URL it protects and which demo personas stand on each side of the line. The base class then proves
the four answers of the permission layer: anonymous → sign-in page or 401, signed in without
the role → 403, right role but another State's object → 404, the owner → 200. An endpoint
that changes something says its `method`, what it sends (`data()`) and the owner's `owner_status`.
"""

from typing import Any, ClassVar

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from salw.accounts.models import User


def signed_in_client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def token_client(username: str) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
class _PermissionTests:
    # The persona who may use the endpoint, one of the same organisation without the role (or
    # None when every member may), and one with the role in another State.
    owner: ClassVar[str]
    wrong_role: ClassVar[str | None] = None
    other_state: ClassVar[str | None] = None
    method: ClassVar[str] = "get"
    owner_status: ClassVar[int] = 200

    def url(self) -> str:
        """The URL of an object that belongs to the owner's State."""
        raise NotImplementedError

    def data(self) -> dict[str, Any] | None:
        """What is sent (called after `url()`, so it may use the object that made)."""
        return None

    def client_for(self, username: str) -> Any:
        raise NotImplementedError

    def call(self, client: Any) -> Any:
        url = self.url()
        return getattr(client, self.method)(url, self.data())

    def test_owner_is_answered(self) -> None:
        assert self.call(self.client_for(self.owner)).status_code == self.owner_status

    def test_wrong_role_is_refused(self) -> None:
        if self.wrong_role is None:
            pytest.skip("every member of the organisation may use this endpoint")
        assert self.call(self.client_for(self.wrong_role)).status_code == 403

    def test_other_state_gets_not_found(self) -> None:
        if self.other_state is None:
            pytest.skip("this endpoint shows nothing that belongs to a State")
        assert self.call(self.client_for(self.other_state)).status_code == 404


class PagePermissionTests(_PermissionTests):
    def client_for(self, username: str) -> Client:
        return signed_in_client(username)

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        response = self.call(Client())
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


class ApiPermissionTests(_PermissionTests):
    def client_for(self, username: str) -> APIClient:
        return token_client(username)

    def call(self, client: Any) -> Any:
        if self.method == "get":
            return super().call(client)
        url = self.url()
        return getattr(client, self.method)(url, self.data(), format="json")

    def test_anonymous_gets_401_problem(self) -> None:
        response = self.call(APIClient())
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 401
