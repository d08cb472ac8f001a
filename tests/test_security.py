import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client

from salw.accounts.models import User

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2() -> None:
    user = User.objects.get(username="kenya.focal")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_security_headers_and_csp_without_inline_script() -> None:
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    page = response.content.decode()
    assert "<script>" not in page and " onclick=" not in page and " style=" not in page


def test_login_works_with_the_demo_password() -> None:
    client = Client()
    response = client.post("/login/", {"username": "kenya.focal", "password": "kenya.focal-demo"})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_repeated_failures_lock_the_login() -> None:
    client = Client()
    for _attempt in range(5):
        response = client.post("/login/", {"username": "peru.focal", "password": "wrong"})
    assert response.status_code == 429
    # Even the right password is refused while locked.
    response = client.post("/login/", {"username": "peru.focal", "password": "peru.focal-demo"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_forms_need_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "kenya.focal", "password": "kenya.focal-demo"})
    assert response.status_code == 403
