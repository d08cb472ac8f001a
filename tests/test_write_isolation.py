"""Every write endpoint of the site is covered by a write-isolation test class, or says why not.

The URL resolver (pages and the API router) is walked; each view that accepts POST, PUT, PATCH
or DELETE must be named in `COVERED` (and some class of `salw.core.testing`'s
`PageWriteIsolationTests`/`ApiWriteIsolationTests` in that module must cover it), or in
`WRITE_FREE` with the reason it writes nothing in a State's name, or in `NOT_YET_COVERED` (the
honest list of what is still to do: it may only shrink). A new write endpoint fails this test
until its write isolation is tested. docs/security.md lists the covered endpoints.
"""

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from salw.core.testing import write_isolation_classes

WRITE_METHODS = {"post", "put", "patch", "delete"}

# URL name → the test module whose write-isolation classes cover it.
COVERED = {
    "api:registry-count-confirm-many": "tests.test_write_isolation_registry",
    "api:registry-count-resolve": "tests.test_write_isolation_registry",
    "api:registry-import-list": "tests.test_write_isolation_registry",
    "registry:import-map": "tests.test_write_isolation_registry",
    "reporting:check": "tests.test_write_isolation_reporting",
    "tracing:request_new": "tests.test_write_isolation_tracing",
    "tracing:request_edit": "tests.test_write_isolation_tracing",
    "tracing:request_photo_add": "tests.test_write_isolation_tracing",
    "tracing:request_step": "tests.test_write_isolation_tracing",
    "tracing:answer": "tests.test_write_isolation_tracing",
    "tracing:exchange_import": "tests.test_write_isolation_tracing",
    "tracing:alert_handle": "tests.test_write_isolation_tracing",
    "tracing:cases": "tests.test_write_isolation_tracing",
    "tracing:case_add": "tests.test_write_isolation_tracing",
    "api:tracing-request-list": "tests.test_write_isolation_tracing",
    "api:tracing-request-detail": "tests.test_write_isolation_tracing",
    "api:tracing-request-send": "tests.test_write_isolation_tracing",
    "api:tracing-request-acknowledge": "tests.test_write_isolation_tracing",
    "api:tracing-request-answer": "tests.test_write_isolation_tracing",
    "api:tracing-request-message": "tests.test_write_isolation_tracing",
    "api:tracing-request-close": "tests.test_write_isolation_tracing",
    "api:tracing-request-import-": "tests.test_write_isolation_tracing",
    "api:tracing-alert-handle": "tests.test_write_isolation_tracing",
    "api:tracing-case-list": "tests.test_write_isolation_tracing",
    "api:tracing-case-add": "tests.test_write_isolation_tracing",
    "api:tracing-match": "tests.test_write_isolation_tracing",
    "registry:weapon-create": "tests.test_write_isolation_registry",
    "registry:event-create": "tests.test_write_isolation_registry",
    "registry:event-correct": "tests.test_write_isolation_registry",
    "registry:mark-add": "tests.test_write_isolation_registry",
    "registry:mark-photos": "tests.test_write_isolation_registry",
    "registry:component-add": "tests.test_write_isolation_registry",
    "registry:component-move": "tests.test_write_isolation_registry",
    "registry:sites": "tests.test_write_isolation_registry",
    "registry:diversions": "tests.test_write_isolation_registry",
    "api:registry-weapon-list": "tests.test_write_isolation_registry",
    "api:registry-weapon-history": "tests.test_write_isolation_registry",
    "api:registry-weapon-correct": "tests.test_write_isolation_registry",
    "api:registry-weapon-move-component": "tests.test_write_isolation_registry",
    "reporting:remind": "tests.test_reporting_reminders",
    "reporting:list": "tests.test_write_isolation_reporting",
    "reporting:section": "tests.test_write_isolation_reporting",
    "reporting:submit": "tests.test_write_isolation_reporting",
    "reporting:amend": "tests.test_write_isolation_reporting",
    "reporting:visibility": "tests.test_write_isolation_reporting",
    "api:report-list": "tests.test_write_isolation_reporting",
    "api:report-submit": "tests.test_write_isolation_reporting",
    "api:report-amend": "tests.test_write_isolation_reporting",
    "api:report-publication": "tests.test_write_isolation_reporting",
    "api:report-answers": "tests.test_write_isolation_reporting",
    "api:report-files": "tests.test_write_isolation_reporting",
    "reporting:workbook_upload": "tests.test_write_isolation_reporting",
    "registry:import": "tests.test_write_isolation_registry",
    "registry:imports": "tests.test_write_isolation_registry",
    "states:contact_edit": "tests.test_write_isolation_states",
    "states:marking_edit": "tests.test_write_isolation_states",
    "api:point-of-contact-list": "tests.test_write_isolation_states",
    "api:point-of-contact-detail": "tests.test_write_isolation_states",
    "api:marking-practice-detail": "tests.test_write_isolation_states",
    "accounts:add_member": "tests.test_write_isolation_accounts",
    "accounts:member": "tests.test_write_isolation_accounts",
    "registry:site": "tests.test_write_isolation_registry",
    "registry:count": "tests.test_write_isolation_registry",
    "api:registry-count-list": "tests.test_write_isolation_registry",
    "api:registry-count-confirm": "tests.test_write_isolation_registry",
    "api:registry-diversion-list": "tests.test_write_isolation_registry",
    "api:reporting-status-remind": "tests.test_reporting_reminders",
}

# Views that accept a POST but write nothing in a State's name, with the reason.
WRITE_FREE = {
    "login": "signs in: writes the session and the sign-in record of the person only",
    "logout": "signs out: ends the person's own session",
    "password_reset": "e-mails a reset link to the address a person gave; stores a throttle",
    "password_reset_confirm": "a person sets their own password from a one-time link",
    "password_change": "a person changes their own password",
    "portal:set_language": "a language choice, kept in the person's cookie and profile",
}

# Write endpoints whose write isolation is not yet tested by an inherited class. Each has
# role and State checks in its service (`require_write`); the classes are still to be written.
NOT_YET_COVERED: set[str] = set()


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def _write_methods(callback: Any) -> set[str] | None:
    """The write methods a view answers; None for a function view (read from its source)."""
    if getattr(callback, "actions", None):  # a DRF viewset route
        return set(callback.actions) & WRITE_METHODS
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is None:
        return None
    allowed = set(getattr(view, "http_method_names", WRITE_METHODS))
    return {m for m in WRITE_METHODS & allowed if hasattr(view, m)}


def write_views() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, callback in _walk(get_resolver().url_patterns):
        methods = _write_methods(callback)
        if methods is None:
            source = inspect.getsource(inspect.unwrap(callback))
            methods = {"post"} if "POST" in source or "request.method" in source else set()
        if methods:
            found.setdefault(name, set()).update(methods)
    return found


def test_every_write_view_is_covered_or_says_why_not() -> None:
    unlisted = sorted(set(write_views()) - set(COVERED) - set(WRITE_FREE) - NOT_YET_COVERED)
    assert not unlisted, (
        f"write endpoints without a write-isolation test class: {unlisted}; inherit "
        "PageWriteIsolationTests or ApiWriteIsolationTests and add them to COVERED"
    )


def test_the_registry_names_only_real_write_views() -> None:
    views = write_views()
    stale = sorted((set(COVERED) | set(WRITE_FREE) | NOT_YET_COVERED) - set(views))
    assert not stale, f"listed but no longer a write view: {stale}"
    assert not set(COVERED) & NOT_YET_COVERED


def test_each_covered_view_has_its_class() -> None:
    for module in set(COVERED.values()):
        importlib.import_module(module)
    covered = {name for cls in write_isolation_classes() for name in getattr(cls, "covers", ())}
    missing = sorted(set(COVERED) - covered)
    assert not missing, f"COVERED names no class covers: {missing}"
