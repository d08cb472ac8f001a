"""PDF documents printed from the same HTML templates as their pages, in all six languages.

Reports, weapon records, State pages and tracing requests are printed for clearance, archives and
exchange between States, often in Arabic or Chinese. Each document renders its page's template
(or the partials its page includes) on `core/print.html` instead of the site's layout; that base
adds the print stylesheet (A4, margins, the document's name at the top of every page, "page X of
Y"). WeasyPrint lays it out with Pango and HarfBuzz, which shape Arabic and apply the Unicode
bidirectional algorithm, so a page that reads right on screen prints the same.

Glyphs come from fonts found on the machine (Debian: `fonts-noto-core` for Latin, Cyrillic and
Arabic, `fonts-droid-fallback` for Chinese) and are declared to WeasyPrint by file, so nothing
depends on what else fontconfig happens to know; a missing font is a clear 503, never boxes on
paper. WeasyPrint fetches nothing but those fonts: no network, no file the template names.
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salw.core.downloads import attach

SYSTEM_FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/local/share/fonts")
PRINT_BASE = "core/print.html"


@dataclass(frozen=True)
class FontSpec:
    family: str
    weight: str
    files: tuple[str, ...]  # file names tried in order, in any of the font directories
    package: str  # the Debian package that provides the first of them


FONTS = (
    FontSpec("salw-latin", "normal", ("NotoSans-Regular.ttf", "DejaVuSans.ttf"), "fonts-noto-core"),
    FontSpec("salw-latin", "bold", ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"), "fonts-noto-core"),
    FontSpec(
        "salw-arabic",
        "normal",
        ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"),
        "fonts-noto-core",
    ),
    FontSpec(
        "salw-arabic",
        "bold",
        ("NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"),
        "fonts-noto-core",
    ),
    FontSpec("salw-cjk", "normal", ("DroidSansFallbackFull.ttf",), "fonts-droid-fallback"),
)


def font_dirs() -> list[Path]:
    """SALW_PDF_FONT_DIRS (colon-separated) first, then the system's font folders."""
    configured = [Path(p) for p in os.environ.get("SALW_PDF_FONT_DIRS", "").split(":") if p]
    return configured + [Path(p) for p in SYSTEM_FONT_DIRS]


def find_font(spec: FontSpec) -> Path | None:
    for directory in font_dirs():
        if not directory.is_dir():
            continue
        for name in spec.files:
            direct = directory / name
            if direct.is_file():
                return direct
            found = next(directory.rglob(name), None)
            if found is not None:
                return found
    return None


class FontsMissing(ImproperlyConfigured):
    """The fonts a PDF needs are not installed on this server (see the README)."""


def missing_font_packages() -> list[str]:
    """Debian packages to install so that every language prints; empty when all is there."""
    return sorted({spec.package for spec in FONTS if find_font(spec) is None})


def _font_faces() -> tuple[str, set[str]]:
    """The @font-face rules for the fonts found, and the file URLs WeasyPrint may read."""
    missing = missing_font_packages()
    if missing:
        raise FontsMissing(
            _("PDF fonts are missing on this server: install %(packages)s.")
            % {"packages": ", ".join(missing)}
        )
    rules, urls = [], set()
    for spec in FONTS:
        url = find_font(spec).resolve().as_uri()  # type: ignore[union-attr]
        urls.add(url)
        rules.append(
            f"@font-face {{ font-family: {spec.family}; font-weight: {spec.weight}; "
            f'src: url("{url}"); }}'
        )
    return "\n".join(rules), urls


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element (no "</style>" breaks out)."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '\\"<>&\n\r' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def _page_label() -> str:
    """ "Page X of Y" in the current language, as CSS content with the page counters."""
    marker = "\x00"
    text = _("Page %(number)s of %(total)s") % {"number": f"{marker}p", "total": f"{marker}n"}
    parts = []
    for index, piece in enumerate(text.split(marker)):
        if index:
            parts.append("counter(page)" if piece[0] == "p" else "counter(pages)")
            piece = piece[1:]
        if piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    language: str,
    request: HttpRequest | None = None,
) -> bytes:
    """The template rendered on the print layout in `language` and laid out as PDF.

    The template is a page's own template (it extends `base_template`) or a print template
    made of the page's partials; `request` gives it what the page had (the user, links).
    """
    import weasyprint  # imported here: it loads Pango, which only PDF downloads need

    faces, font_urls = _font_faces()

    class FontsOnly(weasyprint.URLFetcher):
        """Reads the declared font files and nothing else: a page's links, images and any
        address typed into an answer stay unfetched (no network, no other file)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in font_urls:
                raise ValueError(f"not fetched when printing: {url}")
            return super().fetch(url, headers)

    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                **context,
                "base_template": PRINT_BASE,
                "print_font_faces": faces,
                "print_page_label": _page_label(),
                "print_footer": css_string(
                    _("Printed %(when)s")
                    % {"when": date_format(timezone.localtime(), "DATETIME_FORMAT")}
                ),
                "print_title": css_string(context.get("print_title", "")),
            },
            request=request,
        )
    base_url = request.build_absolute_uri("/") if request is not None else None
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=FontsOnly(allowed_protocols=("file",))
    )
    return document.write_pdf()


def pdf_response(build: Callable[[], bytes], filename: str) -> HttpResponse:
    """The PDF inline, or a plain 503 that names the missing fonts (nothing half-printed)."""
    try:
        data = build()
    except FontsMissing as missing:
        return HttpResponse(str(missing), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    return attach(response, filename, inline=True)
