"""PDF documents that read correctly in the six UN languages.

Reports and weapon records are printed for internal clearance and archives, often in Arabic or
Chinese. fpdf2 lays the page out; HarfBuzz (uharfbuzz) shapes Arabic letters into their joined
forms and the Unicode bidirectional algorithm orders right-to-left text. Glyphs come from fonts
installed on the machine (Debian: `fonts-noto-core` for Latin, Cyrillic and Arabic,
`fonts-droid-fallback` for Chinese); a missing font is a clear error, never boxes on paper.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from salw.core.pdf import FontsMissing, FontSpec, find_font

# Finding the font files is the product's own (salw.core.pdf); only the layout below is fpdf2's.
FONTS = (
    FontSpec("salw-latin", "", ("NotoSans-Regular.ttf", "DejaVuSans.ttf"), "fonts-noto-core"),
    FontSpec("salw-latin", "B", ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"), "fonts-noto-core"),
    FontSpec(
        "salw-arabic",
        "",
        ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"),
        "fonts-noto-core",
    ),
    FontSpec(
        "salw-arabic",
        "B",
        ("NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"),
        "fonts-noto-core",
    ),
    FontSpec("salw-cjk", "", ("DroidSansFallbackFull.ttf",), "fonts-droid-fallback"),
)
# Fallbacks are tried glyph by glyph when the main font lacks a character.
FALLBACK_FAMILIES = ["salw-latin", "salw-arabic", "salw-cjk"]


def pdf_response(build: Callable[[], bytes], filename: str) -> HttpResponse:
    """The PDF inline, or a plain 503 that names the missing fonts (nothing half-printed)."""
    try:
        data = build()
    except FontsMissing as missing:
        return HttpResponse(str(missing), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def missing_font_packages() -> list[str]:
    """Debian packages to install so that every language prints; empty when all is there."""
    return sorted({spec.package for spec in FONTS if find_font(spec) is None})


class PdfDocument:
    """A simple, accessible PDF: headings, paragraphs, label/value facts and tables.

    The page direction follows the language: right-to-left for Arabic.
    """

    def __init__(self, title: str, *, language: str | None = None) -> None:
        missing = missing_font_packages()
        if missing:
            raise FontsMissing(
                _("PDF fonts are missing on this server: install %(packages)s.")
                % {"packages": ", ".join(missing)}
            )
        self.language = language or translation.get_language() or "en"
        self.rtl = translation.get_language_info(self.language)["bidi"]
        pdf = FPDF(format="A4")
        pdf.set_title(title)
        pdf.set_lang(self.language)
        pdf.set_creator("salw")
        pdf.set_auto_page_break(auto=True, margin=18)
        for spec in FONTS:
            pdf.add_font(spec.family, spec.weight, str(find_font(spec)))  # "" or "B" here
        pdf.set_fallback_fonts(FALLBACK_FAMILIES, exact_match=False)
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else "ltr")
        pdf.add_page()
        self.pdf = pdf
        self.align = "R" if self.rtl else "L"
        self.heading(title, level=1)

    def _isolated(self, text: str) -> str:
        """On a right-to-left page, a run without any right-to-left letter (a serial, "5.7×28
        mm", an e-mail address) keeps its own left-to-right order (Unicode isolates)."""
        if not self.rtl or not text:
            return text
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
            return text
        return f"\u2066{text}\u2069"

    @property
    def _main_family(self) -> str:
        return "salw-arabic" if self.rtl else "salw-latin"

    def heading(self, text: str, *, level: int = 2) -> None:
        size = {1: 18, 2: 14, 3: 12}.get(level, 12)
        self.pdf.set_font(self._main_family, "B", size)
        self.pdf.multi_cell(
            0, size * 0.55, text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.pdf.ln(2)

    def paragraph(self, text: str, *, size: float = 10, indent: float = 0) -> None:
        """A block of text; `indent` (mm) from the start side, which is the right in Arabic."""
        self.pdf.set_font(self._main_family, "", size)
        self.pdf.set_x(self.pdf.l_margin + (0 if self.rtl else indent))
        self.pdf.multi_cell(
            self.pdf.epw - indent,
            size * 0.55,
            self._isolated(text),
            align=self.align,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.pdf.ln(1.5)

    def facts(self, rows: Iterable[tuple[str, str]]) -> None:
        """Label and value pairs, one per line, the label in bold."""
        for label, value in rows:
            self.pdf.set_font(self._main_family, "B", 10)
            self.pdf.multi_cell(
                0, 5.5, label, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.paragraph(value or "—")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        self.pdf.set_font(self._main_family, "", 9)
        with self.pdf.table(text_align=self.align, first_row_as_headings=True) as table:
            for cells in (header, *rows):
                row = table.row()
                for cell in cells if not self.rtl else reversed(cells):
                    row.cell(self._isolated(str(cell)) if cell is not None else "")
        self.pdf.ln(3)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
