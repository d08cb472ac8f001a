"""Test helpers every app's tests use: signed-in clients and the inherited permission tests.

An endpoint's test class inherits `PagePermissionTests` or `ApiPermissionTests` and says which
URL it protects and which demo personas stand on each side of the line. The base class then proves
the four answers of the permission layer: anonymous → sign-in page or 401, signed in without
the role → 403, right role but another State's object → 404, the owner → 200. An endpoint
that changes something says its `method`, what it sends (`data()`) and the owner's `owner_status`.

Every write endpoint also inherits `PageWriteIsolationTests` or `ApiWriteIsolationTests`: those
try the write as the others who must not make it, and count what was stored.
"""

import re
from typing import Any, ClassVar

import pytest
from django.db.models import Model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from salw.accounts.models import User
from salw.core.changelog import head_hash


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


def _rows_and_head(models_involved: tuple[type[Model], ...]) -> tuple[dict[str, int], str]:
    """Row counts of the models a write would touch, and the change log's head: equal before
    and after a refused write, or something was stored."""
    counts = {m._meta.label: m._base_manager.count() for m in models_involved}
    return counts, head_hash()


@pytest.mark.django_db
class _WriteIsolationTests:
    """Every write endpoint proves that nobody writes in a State's name but its own officials
    with the step's role: an official of another State, a member of the State without the role,
    a donor and an anonymous visitor are refused (403/404; sign-in or 401 for the anonymous),
    nothing is stored (row counts of `models` and the change log's head unchanged). The owner
    does write, so the data sent is a real write and the refusals are not vacuous.

    A subclass names the URL names it `covers` (the registry `tests/test_write_isolation.py`
    checks every write view of the site is covered), its personas, the `models` a write would
    add to or change, `url()` (the object of the owner's State, made there) and `data()`.
    """

    covers: ClassVar[tuple[str, ...]]
    owner: ClassVar[str | None]
    other_state: ClassVar[str | None]  # same role, another State
    wrong_role: ClassVar[str | None]  # same State (or organisation), without the role
    donor: ClassVar[str | None] = "donor"
    method: ClassVar[str] = "post"
    models: ClassVar[tuple[type[Model], ...]] = ()
    # What the owner gets when the write succeeds (a redirect after a form, 200/201 by API).
    owner_statuses: ClassVar[tuple[int, ...]] = (200, 201, 302)

    def url(self) -> str:
        raise NotImplementedError

    def data(self) -> Any:
        return {}

    def client_for(self, username: str | None) -> Any:
        raise NotImplementedError

    def send(self, client: Any, url: str, data: Any) -> Any:
        return getattr(client, self.method)(url, data)

    def _refused(self, username: str | None, statuses: tuple[int, ...]) -> Any:
        url, data = self.url(), self.data()
        client = self.client_for(username)  # signing in may log; count after it
        before = _rows_and_head(self.models)
        response = self.send(client, url, data)
        assert response.status_code in statuses, (username, response.status_code)
        assert _rows_and_head(self.models) == before, f"{username} stored something"
        return response

    def test_owner_writes(self) -> None:
        if self.owner is None:
            pytest.skip("nobody writes here through this door")
        url, data = self.url(), self.data()
        client = self.client_for(self.owner)
        before = _rows_and_head(self.models)
        response = self.send(client, url, data)
        errors = re.findall(rb'class="errorlist[^>]*>(.*?)</ul>', response.content, re.S)
        assert response.status_code in self.owner_statuses, errors or response.content[-3000:]
        assert _rows_and_head(self.models) != before, "the owner's write stored nothing"

    def test_other_state_cannot_write(self) -> None:
        if self.other_state is None:
            pytest.skip("no other State's official holds this role")
        self._refused(self.other_state, (403, 404))

    def test_wrong_role_cannot_write(self) -> None:
        if self.wrong_role is None:
            pytest.skip("every member of the State holds this role")
        self._refused(self.wrong_role, (403, 404))

    def test_donor_cannot_write(self) -> None:
        if self.donor is None:
            pytest.skip("no donor persona")
        self._refused(self.donor, (403, 404))


class PageWriteIsolationTests(_WriteIsolationTests):
    """A form or button of the site (a POST with the session cookie)."""

    def client_for(self, username: str | None) -> Client:
        return signed_in_client(username) if username else Client()

    def test_anonymous_cannot_write(self) -> None:
        response = self._refused(None, (302,))
        assert response["Location"].startswith("/login/")


class ApiWriteIsolationTests(_WriteIsolationTests):
    """An API endpoint (JSON with a token)."""

    def client_for(self, username: str | None) -> APIClient:
        return token_client(username) if username else APIClient()

    def send(self, client: Any, url: str, data: Any) -> Any:
        return getattr(client, self.method)(url, data, format="json")

    def test_anonymous_cannot_write(self) -> None:
        response = self._refused(None, (401,))
        assert response["Content-Type"] == "application/problem+json"


def write_isolation_classes() -> list[type[_WriteIsolationTests]]:
    """Every write-isolation test class defined so far (the test modules must be imported)."""
    found: list[type[_WriteIsolationTests]] = []
    stack = [PageWriteIsolationTests, ApiWriteIsolationTests]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            stack.append(sub)
    return found
