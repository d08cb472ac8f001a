"""A crawl of the whole site: each demo person (and an anonymous visitor), in each of the six
languages, starts from the home page and their tasks and follows every link the pages show them.
It fails on a server error, on a page that is not in the reader's language and direction
(`<html lang="ar" dir="rtl">` in Arabic), on a page or an error page outside the site's layout,
on a link that leads to a page the person may not open or that does not exist, on an element id
used twice on a page (a label then names the wrong field), and on an area of the site that no
link reaches.

Why Django's test client and not a browser: what is checked is the HTML the server sends (its
status, `<html lang dir>`, the site's header and navigation, its links), which the test client
receives byte for byte as a browser would, at a small part of a browser's cost; the crawl then
fits in the normal suite. What only a browser shows (scripts, how a page looks) is for the
browser tests (`test_*_browser.py`) and their screenshots.

Bounded:
- same-site GET links only; a form that writes is never submitted (signing out is a form), and
  the language switch is not followed (the language is the crawl's, set by its cookie);
- each GET form (search, filters) is sent once as it stands and once with its empty text boxes
  filled as a person types, in the page's language, pasted from a word processor;
- one page per URL pattern and set of filled query keys: the 195 State pages are one pattern, the
  sections of a report (`ENUMERATED` arguments) each their own; at most `MAX_PAGES` pages per
  person and language;
- files (PDF, CSV, XLSX, JSON) must not fail but are not parsed, and are fetched once per pattern
  and language (by the first person who finds them): a PDF takes seconds to render.
"""

import datetime
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from tests.reporting_fixtures import complete, shipped_templates, start  # noqa: F401
from tests.tracing_fixtures import kenya_request

from salw.accounts.demo import PERSONAS
from salw.accounts.models import User
from salw.core.context import Actor, acting_as
from salw.registry.demo import seed_demo_registry
from salw.registry.services.loading import load_reference
from salw.reporting import services as reporting
from salw.tracing.cases import add_to_case, open_case
from salw.tracing.services import acknowledge, answer, send_request

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-hans")
RIGHT_TO_LEFT = {"ar"}
MAX_PAGES = 120
# Writes behind a link are none; these are followed nowhere all the same.
NOT_FOLLOWED = ("/logout/", "/language/")
# What a person types in a search box, as pasted from a word processor (with its vertical tab).
TYPED = {
    "en": "Five-seveN\vK7D-301/B",
    "fr": "pistolet semi-automatique K7D-301/B\v",
    "es": "pistola «Five-seveN» K7D-301/B\v",
    "ru": "пистолет K7D-301/B\v",
    "ar": "مسدس\vK7D-301/B",
    "zh-hans": "手枪\vK7D-301/B",
}
# URL arguments that name one of a few kinds of page rather than one record among many.
ENUMERATED = {"key", "step", "scope"}
# Pages of one pattern visited per person and language.
PER_PATTERN = 1


class _Page(HTMLParser):
    """The links of a page, its GET forms as their default query, and its <html> attributes."""

    def __init__(self, typed_text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.typed_text = typed_text
        self.html: dict[str, str | None] = {}
        self.links: list[str] = []
        self.classes: set[str] = set()
        self.ids: Counter[str] = Counter()
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._typed: list[str] = []  # the form's empty text boxes
        self._select: tuple[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.classes.update(values.get("class", "").split())
        if values.get("id"):
            self.ids[values["id"]] += 1
        if tag == "html" and not self.html:
            self.html = dict(attrs)
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "option":
            self._option(values)
        elif tag == "form" and values.get("method", "get").lower() == "get":
            self._form = (values.get("action", ""), [])
            self._typed = []
        elif self._form is None or not values.get("name"):
            return
        elif tag == "input" and values.get("type", "text") not in ("submit", "button", "file"):
            if values.get("type") in ("checkbox", "radio") and "checked" not in values:
                return
            self._form[1].append((values["name"], values.get("value", "")))
            if values.get("type", "text") in ("text", "search") and not values.get("value"):
                self._typed.append(values["name"])
        elif tag == "select":
            self._select = (values["name"], None)
        elif tag == "textarea":
            self._form[1].append((values["name"], ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            action, fields = self._form
            self.links.append(f"{action}?{urlencode(fields)}")
            if self._typed:  # and once as someone types, in the page's language
                typed = [(k, self.typed_text if k in self._typed else v) for k, v in fields]
                self.links.append(f"{action}?{urlencode(typed)}")
            self._form = None
        elif tag == "select" and self._form is not None and self._select is not None:
            self._form[1].append((self._select[0], self._select[1] or ""))
            self._select = None

    def _option(self, attrs: dict[str, str]) -> None:
        if self._select is None:
            return
        name, chosen = self._select
        if chosen is None or "selected" in attrs:
            self._select = (name, attrs.get("value", ""))


@dataclass
class Crawl:
    language: str
    visited: list[tuple[str, int]] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    seconds: Counter[str] = field(default_factory=Counter)


def _pattern(path: str, query: str) -> tuple[str, ...]:
    """What makes two URLs the same page for the crawl: the route and the query's keys that
    have a value (a form sent empty shows what the bare page shows); the values of
    `ENUMERATED` arguments (a report's section, a request's step) count too, as each shows
    other things."""
    try:
        match = resolve(path)
    except Resolver404:
        return ("404", path)
    enumerated = [f"{k}={v}" for k, v in sorted(match.kwargs.items()) if k in ENUMERATED]
    filled = sorted({key for key, value in parse_qsl(query) if value})
    return (match.route, *enumerated, "?", *filled)


def _check_html(crawl: Crawl, url: str, status: int, page: _Page) -> None:
    lang = page.html.get("lang")
    direction = page.html.get("dir")
    expected = "rtl" if crawl.language in RIGHT_TO_LEFT else "ltr"
    if lang != crawl.language:
        crawl.defects.append(f"{url}: <html lang={lang!r}>, not {crawl.language!r}")
    if direction != expected:
        crawl.defects.append(f"{url}: <html dir={direction!r}>, not {expected!r}")
    if not {"site-header", "main-nav"} <= page.classes:
        crawl.defects.append(f"{url} ({status}): outside the site's layout")
    twice = sorted(name for name, count in page.ids.items() if count > 1)
    if twice:
        crawl.defects.append(f"{url}: ids used more than once: {', '.join(twice)}")
    # 400 is also a form sent back with its errors, on its own page; other errors have one page.
    if status > 400 and "error-page" not in page.classes:
        crawl.defects.append(f"{url} ({status}): an error that is not the site's error page")


def crawl_site(
    client: Client, crawl: Crawl, start_urls: list[str], files: set[tuple[str, ...]]
) -> None:
    """Follow the links from `start_urls`; `files` are the file patterns already fetched in
    this language (by another person: a file is rendered once per pattern and language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = crawl.language
    queue: deque[tuple[str, str | None]] = deque((url, None) for url in start_urls)
    seen: Counter[tuple[str, ...]] = Counter()
    visited: set[str] = set()
    pages = 0
    while queue and pages < MAX_PAGES:
        url, referrer = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue
        if parts.path.startswith(NOT_FOLLOWED) or parts.path.startswith(settings.STATIC_URL):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        key = _pattern(parts.path, parts.query)
        if key in files or seen[key] >= PER_PATTERN or url in visited:
            continue
        seen[key] += 1
        visited.add(url)
        began = time.monotonic()
        response = client.get(url)
        crawl.seconds[response.get("Content-Type", "").split(";")[0]] += time.monotonic() - began
        status = response.status_code
        pages += 1
        crawl.visited.append((url, status))
        if status >= 500:
            crawl.defects.append(f"{url}: server error {status}")
        if status in (403, 404) and referrer:
            crawl.defects.append(f"{url}: {status}, from a link on {referrer}")
        if status in (301, 302, 303, 307, 308):
            queue.append((urljoin(url, response["Location"]), referrer))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            files.add(key)
            continue
        page = _Page(TYPED[crawl.language])
        page.feed(response.content.decode())
        _check_html(crawl, url, status, page)
        for href in page.links:
            target, _fragment = urldefrag(urljoin(url, href))
            if target:
                queue.append((target, url))


def demo_content() -> None:
    """What `salw seed-demo` and a few weeks of use leave: weapons on both registers, Kenya's
    report submitted and published, Peru's a draft, tracing requests sent, answered and in a
    case."""
    with acting_as(Actor(user_id=None, label="test setup")):
        load_reference()
        seed_demo_registry()
        kenya = complete(start("kenya.focal"))
        reporting.submit_report(kenya, actor=User.objects.get(username="kenya.focal"))
        peru = start("peru.focal")
        reporting.save_answers(
            peru,
            {"coordination_body": "yes", "national_action_plan": "developing"},
            base_revision=peru.revision,
            actor=User.objects.get(username="peru.focal"),
        )
        kenya_records = User.objects.get(username="kenya.records")
        peru_records = User.objects.get(username="peru.records")
        kenya_request()  # a draft
        sent = kenya_request(serial_as_read="K7D307", found_on=datetime.date(2026, 4, 2))
        send_request(sent, actor=kenya_records)
        acknowledge(sent, actor=peru_records)
        answered = kenya_request(serial_as_read="K7D301")
        send_request(answered, actor=kenya_records)
        answer(
            answered,
            actor=peru_records,
            kind="full",
            released={"export": {"licence": "PE-EXP-2019-77", "destination": "KEN"}},
        )
        case = open_case("Mombasa port seizure", actor=kenya_records)
        add_to_case(case, actor=kenya_records, request=answered)


PEOPLE = [None, *(p.username for p in PERSONAS)]
# Where a person starts: the home page and their tasks. Every other page is found by its links.
START = ["/", "/dashboard/"]


# Pages no link leads to, asked for as a mistyped address, a wrong method or a form sent without
# its CSRF token would: the site's error pages, in the reader's language and direction.
ERROR_PROBES = {
    ("get", "/no-such-page/"): 404,
    ("get", "/reports/public/99999/"): 404,
    ("get", "/language/"): 405,
    ("post", "/language/"): 403,
}
# The home of each area and the pages that hold the demo content: each is reached by links
# (no page of the site is only for those who know its address), and if a change hid them,
# the crawl would pass on a smaller site.
CONTENT_ROUTES = {
    "registry/",
    "registry/imports/",
    "registry/sites/",
    "registry/diversions/",
    "registry/retention/",
    "reports/",
    "reports/status/",
    "tracing/requests/",
    "reports/<int:pk>/",
    "reports/<int:pk>/section/<slug:key>/",
    "reports/public/<int:pk>/",
    "registry/weapons/<int:pk>/",
    "tracing/requests/<int:pk>/",
    "tracing/cases/<int:pk>/",
    "api/docs/",
}
MIN_PAGES = 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_crawl(language: str, shipped_templates: None) -> None:  # noqa: F811
    demo_content()
    crawl = Crawl(language)
    files: set[tuple[str, ...]] = set()
    pages = {}
    for username in PEOPLE:
        who = username or "anonymous"
        # A server error is recorded with its address and the crawl goes on: all are reported.
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if username:
            client.force_login(User.objects.get(username=username))
        before, defects_before = len(crawl.visited), len(crawl.defects)
        crawl_site(client, crawl, START, files)
        pages[who] = len(crawl.visited) - before
        for (method, url), expected in ERROR_PROBES.items():
            response = getattr(client, method)(url)
            page = _Page(TYPED[language])
            page.feed(response.content.decode())
            _check_html(crawl, url, response.status_code, page)
            assert response.status_code == expected, url
        crawl.defects[defects_before:] = [f"{who}: {d}" for d in crawl.defects[defects_before:]]
    print(
        f"{language}: pages {pages}; seconds { ({k: round(v) for k, v in crawl.seconds.items()}) }"
    )
    assert not crawl.defects, "\n".join(crawl.defects)
    assert min(pages.values()) >= MIN_PAGES, pages
    routes = {resolve(urlsplit(url).path).route for url, status in crawl.visited if status == 200}
    assert routes >= CONTENT_ROUTES, CONTENT_ROUTES - routes
