"""API errors as RFC 7807 problem details, with translated title and detail."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
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
        status.HTTP_500_INTERNAL_SERVER_ERROR: _("Server error"),
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


def _status_details() -> dict[int, str]:
    # For errors raised outside DRF's views (no such address, a crash): one sentence each.
    return {
        status.HTTP_400_BAD_REQUEST: _("The request could not be understood."),
        status.HTTP_403_FORBIDDEN: _("Your role does not allow this."),
        status.HTTP_404_NOT_FOUND: _("There is nothing here, or it is not yours to see."),
        status.HTTP_405_METHOD_NOT_ALLOWED: _("This method is not allowed here."),
        status.HTTP_500_INTERNAL_SERVER_ERROR: _(
            "Something went wrong on the server; nothing was changed. Try again later."
        ),
    }


def problem_response(request: HttpRequest, status_code: int) -> JsonResponse:
    """A problem document for an error that Django, not DRF, answers (unknown API address,
    wrong method on a plain view, a server error). Touches no database."""
    problem = {
        "type": "about:blank",
        "title": _titles().get(status_code, _("Error")),
        "status": status_code,
        "detail": _status_details().get(status_code, ""),
        "instance": request.get_full_path(),
        "code": {404: "not_found", 405: "method_not_allowed"}.get(status_code, "error"),
    }
    return JsonResponse(
        problem,
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def is_api_request(request: HttpRequest) -> bool:
    """Whether the address is under the API, whose errors are problem documents."""
    return request.path_info.startswith("/api/")
