"""The server log keeps tracebacks for faults only: a refused request is one line."""

import logging

import pytest

from salw.core.testing import signed_in_client

pytestmark = pytest.mark.django_db


def test_a_refused_write_is_logged_in_one_line_without_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = signed_in_client("donor").get("/reports/status/")
    assert response.status_code == 403
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert refused and all(r.status_code == 403 for r in refused)  # type: ignore[attr-defined]
    assert all(r.exc_info is None for r in refused)
    assert "Traceback" not in caplog.text


def test_a_fault_keeps_its_traceback() -> None:
    from salw.core.log_filters import RefusalsWithoutTraceback

    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), sys.exc_info())
    record.status_code = 500
    assert RefusalsWithoutTraceback().filter(record) and record.exc_info is not None
