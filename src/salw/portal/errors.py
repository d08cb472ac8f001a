"""Error pages in the site's layout and the reader's language; problem JSON under /api/.

Django calls these for uncaught 400, 403, 404 and 500 errors and for a refused CSRF token;
`ErrorPageMiddleware` dresses the empty 405 answers of views limited to some methods.
The 500 page is rendered without the database (it may be the cause): no user, no session, no
messages, only what the request itself carries.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from salw.api.problems import is_api_request, problem_response

# What happened, and what to do next, for each status.
ERRORS: dict[int | str, tuple[Any, Any]] = {
    400: (
        gettext_lazy("The request could not be understood"),
        gettext_lazy(
            "The address or the form sent was not valid. Go back, check what you entered, "
            "and try again."
        ),
    ),
    403: (
        gettext_lazy("You may not open this page"),
        gettext_lazy(
            "Your role does not allow this. If you think it should, ask your organisation's "
            "administrator to give you the role."
        ),
    ),
    404: (
        gettext_lazy("Page not found"),
        gettext_lazy(
            "There is nothing at this address, or it is not yours to see. Check the address, "
            "or start again from the home page."
        ),
    ),
    405: (
        gettext_lazy("This action is not possible here"),
        gettext_lazy(
            "This page cannot be used that way. Go back to the page you came from and use its "
            "buttons."
        ),
    ),
    # A refused CSRF token: a 403, but not about the person's role.
    "csrf": (
        gettext_lazy("This form has expired"),
        gettext_lazy(
            "The form was refused because its security token had expired or was missing. This "
            "happens when a page stays open a long time, after signing in elsewhere, or when the "
            "browser blocks cookies for this site. Go back, reload the page, and send the form "
            "again."
        ),
    ),
    500: (
        gettext_lazy("Something went wrong on our side"),
        gettext_lazy(
            "The server could not finish your request, and nothing was changed. The error has "
            "been recorded. Try again in a few minutes."
        ),
    ),
}


def error_page(
    request: HttpRequest, status: int, *, kind: str = "", with_database: bool = True
) -> HttpResponse:
    """The error page for `status` (or for a `kind` of it), or a problem document for an API
    address."""
    if is_api_request(request):
        return problem_response(request, status)
    title, explanation = ERRORS[kind or status]
    context: dict[str, Any] = {
        "status": status,
        "kind": kind,
        "error_title": title,
        "explanation": explanation,
        "request_id": getattr(request, "request_id", ""),
        "without_account": not with_database,
    }
    if with_database:
        body = render_to_string("portal/error.html", context, request=request)
    else:
        # No context processors: they would read the session, the user and the messages.
        context |= {"request": request, "csrf_token": get_token(request)}
        body = render_to_string("portal/error.html", context)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500, with_database=False)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form: most often a page left open too long, or cookies blocked."""
    return error_page(request, 403, kind="csrf")


class ErrorPageMiddleware:
    """Give the empty 405 answers of method-limited views a page (or a problem document)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 405 and not response.streaming and not response.content  # type: ignore[attr-defined]
        ):
            allowed = response.get("Allow")
            response = error_page(request, 405)
            if allowed:
                response["Allow"] = allowed
        return response
