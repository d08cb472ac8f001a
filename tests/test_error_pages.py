"""Error pages in the site's layout and the reader's language; problem JSON under /api/."""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import Client

from salw.accounts.models import User

pytestmark = pytest.mark.django_db

# For each language: the <html> attributes, and a word of the translated 404 heading.
LANGUAGES = {
    "en": ('lang="en" dir="ltr"', "Page not found"),
    "ar": ('lang="ar" dir="rtl"', "الصفحة غير موجودة"),
    "zh-hans": ('lang="zh-hans" dir="ltr"', "找不到页面"),
}
# Each page's heading in each language, as the catalogues say it.
TITLES = {
    400: {"en": "The request could not be understood"},
    403: {"en": "You may not open this page"},
    405: {"en": "This action is not possible here"},
    500: {"en": "Something went wrong on our side"},
}


def _client(language: str, **kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _assert_site_page(response: object, language: str, status: int) -> str:
    assert response.status_code == status  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    attributes, _word = LANGUAGES[language]
    assert attributes in html
    assert 'class="site-header"' in html and 'class="main-nav"' in html
    assert 'class="error-page"' in html
    assert 'href="/"' in html  # where to go next
    if language != "en":
        assert TITLES.get(status, {}).get("en", "Page not found") not in html
    return html


@contextmanager
def database_down() -> Iterator[None]:
    """Every query fails, as when the database server is unreachable."""

    def refuse(*args: object) -> None:
        raise OperationalError("could not connect to server: Connection refused")

    with connections["default"].execute_wrapper(refuse):
        yield


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_in_the_readers_language_and_layout(language: str) -> None:
    html = _assert_site_page(_client(language).get("/reports/no-such-page/عربي/"), language, 404)
    assert LANGUAGES[language][1] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_403_for_a_role_that_may_not(language: str) -> None:
    client = _client(language)
    client.force_login(User.objects.get(username="donor"))
    html = _assert_site_page(client.get("/registry/"), language, 403)
    assert 'href="/dashboard/"' in html  # a signed-in person is sent to their tasks


@pytest.mark.parametrize("language", LANGUAGES)
def test_405_gets_a_page_and_keeps_allow(language: str) -> None:
    response = _client(language).get("/language/")
    _assert_site_page(response, language, 405)
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("language", LANGUAGES)
def test_400_for_a_bad_host(language: str) -> None:
    response = _client(language).get("/", HTTP_HOST="attacker.example")
    _assert_site_page(response, language, 400)


@pytest.mark.parametrize("language", LANGUAGES)
def test_csrf_failure_says_what_to_do(language: str) -> None:
    client = _client(language, enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "donor", "password": "x"})
    html = _assert_site_page(response, language, 403)
    assert {"en": "reload the page", "ar": "أعد تحميل الصفحة", "zh-hans": "重新加载"}[
        language
    ] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_500_renders_without_the_database(language: str) -> None:
    client = _client(language, raise_request_exception=False)
    client.force_login(User.objects.get(username="kenya.focal"))
    with database_down():
        response = client.get("/dashboard/")
    html = _assert_site_page(response, language, 500)
    assert "Sign out" not in html and "kenya.focal" not in html  # the user was not read
    assert response["X-Request-ID"] in html  # a reference to quote


@pytest.mark.parametrize("language", LANGUAGES)
def test_api_errors_are_problem_documents(language: str) -> None:
    client = _client(language, raise_request_exception=False)
    for method, path, status in (
        ("get", "/api/no-such-endpoint/", 404),
        ("get", "/api/states/ZZZ/", 404),
        ("delete", "/api/states/", 405),
        ("get", "/api/cycles/", None),
    ):
        response = getattr(client, method)(path)
        if status is None:
            continue
        assert response.status_code == status, path
        assert response["Content-Type"].startswith("application/problem+json"), path
        problem = json.loads(response.content)
        assert problem["status"] == status
        assert problem["title"] and problem["detail"]
        if language != "en":
            assert problem["title"] not in ("Not found", "Method not allowed")
    with database_down():
        response = client.get("/api/states/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/problem+json")
    assert json.loads(response.content)["status"] == 500


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_nul_character_in_the_address_gets_the_400_page(language: str) -> None:
    """PostgreSQL cannot compare a string holding NUL: the secretariat's status page failed
    with a 500 on `?cycle=%00`. Every address with one now gets the site's 400 page."""
    client = _client(language)
    client.force_login(User.objects.get(username="analyst"))
    for url in ("/reports/status/?cycle=bms10%00", "/states/?q=K7D%00301", "/?x%00=1"):
        _assert_site_page(client.get(url), language, 400)


def test_a_nul_character_in_an_api_address_gets_a_problem() -> None:
    response = Client().get("/api/states/?search=KE%00N")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400
