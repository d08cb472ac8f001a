"""Every error page in a real Chromium, in English, Arabic and Chinese, with a screenshot each
(test-artifacts/error-*.png) to look at: the site's layout, the reader's language and direction."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils.translation import to_locale
from tests.live_site import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, served_site

from salw.core.catalogues import catalogue

pytestmark = pytest.mark.browser

LANGUAGES = {"en": "ltr", "ar": "rtl", "zh-hans": "ltr"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    var = tmp_path_factory.mktemp("site")
    with served_site(var) as address:
        yield address, var


@pytest.fixture(params=list(LANGUAGES))
def page(site: tuple[str, Path], request: pytest.FixtureRequest) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    address, _var = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(base_url=address, viewport={"width": 1000, "height": 700})
        context.add_cookies([{"name": "django_language", "value": request.param, "url": address}])
        page = context.new_page()
        page.language = request.param  # type: ignore[attr-defined]
        yield page
        browser.close()


def _check(page: object, status: int, heading: str, name: str) -> None:
    language = page.language  # type: ignore[attr-defined]
    html = page.locator("html")  # type: ignore[attr-defined]
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == LANGUAGES[language]
    assert page.locator(".site-header .brand").is_visible()  # type: ignore[attr-defined]
    assert page.locator(".main-nav").is_visible()  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text() == (  # type: ignore[attr-defined]
        catalogue(to_locale(language))[heading] if language != "en" else heading
    )
    assert page.locator(".error-page a[href='/']").count() == 1  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"error-{name}-{language}.png", full_page=True)  # type: ignore[attr-defined]


def test_404(page: object) -> None:
    response = page.goto("/reports/nothing-here/")  # type: ignore[attr-defined]
    assert response.status == 404
    _check(page, 404, "Page not found", "404")


def test_400(page: object) -> None:
    too_many_fields = "&".join(f"f{n}=1" for n in range(1200))
    response = page.goto(f"/reports/public/?{too_many_fields}")  # type: ignore[attr-defined]
    assert response.status == 400
    _check(page, 400, "The request could not be understood", "400")


def test_403_and_405(page: object) -> None:
    page.goto("/login/")  # type: ignore[attr-defined]
    page.locator("#id_username").fill("donor")  # type: ignore[attr-defined]
    page.locator("#id_password").fill("donor-demo")  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/dashboard/")  # type: ignore[attr-defined]
    response = page.goto("/registry/")  # type: ignore[attr-defined]
    assert response.status == 403
    _check(page, 403, "You may not open this page", "403")
    response = page.goto("/language/")  # type: ignore[attr-defined]
    assert response.status == 405
    _check(page, 405, "This action is not possible here", "405")


def test_csrf_failure(page: object) -> None:
    page.goto("/login/")  # type: ignore[attr-defined]
    # The page was left open until its token no longer matches (another sign-in, a new cookie).
    page.locator("main input[name=csrfmiddlewaretoken]").evaluate(  # type: ignore[attr-defined]
        "field => { field.value = 'x'.repeat(64); }"
    )
    page.locator("#id_username").fill("donor")  # type: ignore[attr-defined]
    page.locator("#id_password").fill("donor-demo")  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.locator("main form button[type=submit]").click()  # type: ignore[attr-defined]
    _check(page, 403, "This form has expired", "csrf")


def test_500_with_the_database_gone(page: object, site: tuple[str, Path]) -> None:
    _address, var = site
    away = var / "away"
    away.mkdir(exist_ok=True)
    files = list(var.glob("salw.sqlite3*"))  # the database, and its journal if any
    for path in files:
        shutil.move(path, away / path.name)  # SQLite then opens an empty file: queries fail
    try:
        response = page.goto("/")  # type: ignore[attr-defined]
        assert response.status == 500
        _check(page, 500, "Something went wrong on our side", "500")
    finally:
        for path in var.glob("salw.sqlite3*"):
            os.remove(path)
        for path in files:
            shutil.move(away / path.name, path)
