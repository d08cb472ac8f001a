"""API errors as RFC 7807 problem details, with translated title and detail."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        status.HTTP_400_BAD_REQUEST: _("Invalid request"),
        status.HTTP_401_UNAUTHORIZED: _("Authentication required"),
        status.HTTP_403_FORBIDDEN: _("Not allowed"),
        status.HTTP_404_NOT_FOUND: _("Not found"),
        status.HTTP_405_METHOD_NOT_ALLOWED: _("Method not allowed"),
        status.HTTP_406_NOT_ACCEPTABLE: _("Not acceptable"),
        status.HTTP_409_CONFLICT: _("Conflict"),
        status.HTTP_412_PRECONDITION_FAILED: _("Changed by someone else"),
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("Unsupported media type"),
        status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests"),
    }


def _details() -> dict[type[Exception], str]:
    # DRF's own messages are translated too, but not into every UN language; ours are.
    return {
        exceptions.NotAuthenticated: _(
            "Sign in, or send an API token in the Authorization header."
        ),
        exceptions.AuthenticationFailed: _("The credentials sent are not valid."),
        exceptions.PermissionDenied: _("Your role does not allow this."),
        exceptions.NotFound: _("There is nothing here, or it is not yours to see."),
        exceptions.MethodNotAllowed: _("This method is not allowed here."),
        exceptions.ValidationError: _("Some fields are not valid: see “errors”."),
    }


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # a service's reason, if it gave one
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(response.status_code, _("Error")),
        "status": response.status_code,
        "detail": _detail(exc, response.data),
        "instance": context["request"].get_full_path() if context.get("request") else "",
        "code": code if isinstance(code, str) else "invalid",
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["errors"] = response.data
    response.data = problem
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _detail(exc: Exception, data: Any) -> str:
    """Ours for DRF's generic messages; a reason the code gave (a refusal naming what was
    refused) is kept."""
    generic = _details().get(type(exc))
    if generic is None:
        return _detail_text(data)
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) != str(exc.default_detail):
        return str(exc.detail)
    return generic


def _detail_text(data: Any) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return str(data)
