from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from salw.core.testing import token_client

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


def test_errors_are_problem_details_in_the_callers_language() -> None:
    response = APIClient().get("/api/users/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert set(problem) >= {"type", "title", "status", "detail", "instance"}
    assert problem["instance"] == "/api/users/"
    assert problem["title"] != "Authentication required"  # translated


def test_wrong_role_problem() -> None:
    response = token_client("donor").get("/api/users/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_bad_token_is_refused() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/users/me/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_schema_and_docs_are_served_from_this_site() -> None:
    client = Client()
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "swagger" in docs.lower()
    assert "http://" not in docs.replace("http://127.0.0.1", "") and "https://" not in docs


def test_docs_are_a_page_of_the_site_in_the_readers_direction() -> None:
    """In Arabic the page reads right to left in the site's layout; the reference it embeds
    (Swagger UI and the schema's English descriptions) is marked English and left-to-right."""
    client = Client()
    client.cookies["django_language"] = "ar"
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="site-header"' in html and 'class="main-nav"' in html
    assert "<h1>توثيق واجهة البرمجة (API)</h1>" in html
    assert '<div id="swagger-ui" class="api-reference" lang="en" dir="ltr"></div>' in html
    assert "<style>" not in html  # the Content-Security-Policy refuses inline styles


def test_committed_schema_matches_the_code(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate")
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(SCHEMA.read_text()), (
        "The API changed: run `make schema` and commit docs/openapi.yaml"
    )
