"""The server's log: a page refused to someone without the role is one line, no traceback."""

import logging

import pytest
from django.test import Client

from salw.core.testing import signed_in_client

pytestmark = pytest.mark.django_db


def test_a_refused_page_is_logged_without_a_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        refused = signed_in_client("donor").get("/states/contacts/")
        anonymous = Client().get("/states/contacts/")
    assert refused.status_code == 403 and anonymous.status_code == 302
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /states/contacts/"
    assert record.exc_info is None and "Traceback" not in caplog.text


def test_a_fault_keeps_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """Only refusals lose the traceback: any other exception logged keeps it."""
    logger = logging.getLogger("django.request")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        try:
            raise ValueError("a real fault")
        except ValueError:
            logger.error("Internal Server Error: /x/", exc_info=True)
    assert "Traceback" in caplog.text and "ValueError: a real fault" in caplog.text
