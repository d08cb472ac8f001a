"""A report as PDF, laid out like the questionnaire, correct in all six languages.

Fonts come from the operating system (Debian: `fonts-noto-core` for Latin, Cyrillic and Arabic,
`fonts-droid-fallback` for Chinese); they are found by file name under the XDG font folders or
`SALW_FONT_DIRS`. Text is shaped with HarfBuzz (uharfbuzz), so Arabic letters join and run
right to left; characters a font lacks fall back to the next font.
"""

import os
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

from salw.reporting.display import display_value
from salw.reporting.models import Report

# (family, file name): the first is the main font, the others fall back glyph by glyph.
FONTS = [
    ("NotoSans", "NotoSans-Regular.ttf"),
    ("NotoNaskhArabic", "NotoNaskhArabic-Regular.ttf"),
    ("DroidSansFallback", "DroidSansFallbackFull.ttf"),
]


class FontsMissing(Exception):
    """The fonts needed for the PDF are not installed (see the README)."""


def _font_dirs() -> list[Path]:
    given = os.environ.get("SALW_FONT_DIRS", "")
    data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    folders = [Path(p) for p in given.split(os.pathsep) if p]
    folders += [Path(p) / "fonts" for p in data_dirs.split(os.pathsep) if p]
    return [folder for folder in folders if folder.is_dir()]


@cache
def font_files() -> dict[str, Path]:
    """The font file of each family, found once per process."""
    found: dict[str, Path] = {}
    for family, name in FONTS:
        for folder in _font_dirs():
            match = next(folder.rglob(name), None)
            if match is not None:
                found[family] = match
                break
    missing = [name for family, name in FONTS if family not in found]
    if missing:
        raise FontsMissing(", ".join(missing))
    return found


def report_pdf(report: Report, language: str) -> bytes:
    """The report as PDF: questions in `language`, answers as the State wrote them."""
    texts = report.template.texts_in(language)
    rtl = language.startswith("ar")
    align = "R" if rtl else "L"
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"{report.state.iso3} {report.cycle.meeting.code} v{report.version}")
    for family, path in font_files().items():
        pdf.add_font(family, fname=str(path))
    main, *fallbacks = [family for family, _name in FONTS]
    pdf.set_font(main, size=10)
    pdf.set_fallback_fonts(fallbacks)
    pdf.set_text_shaping(True)
    pdf.add_page()

    def line(text: str, size: float = 10, height: float = 5, indent: float = 0) -> None:
        pdf.set_font_size(size)
        pdf.set_x(pdf.l_margin + (0 if rtl else indent))
        width = pdf.epw - indent
        pdf.multi_cell(width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    line(texts.get("title", ""), size=13, height=6)
    line(
        _("%(state)s — %(meeting)s — version %(version)s (%(status)s)")
        % {
            "state": report.state.name_in(language),
            "meeting": report.cycle.meeting.name,
            "version": report.version,
            "status": report.get_status_display(),
        },
        size=10,
    )
    if report.template.reconstruction:
        line(texts.get("note", ""), size=8, height=4)
    values = {a.question_id: a.value for a in report.answers.all()}
    current_section = None
    for question in report.template.questions.select_related("section"):
        if question.section.key != current_section:
            current_section = question.section.key
            pdf.ln(3)
            line(
                f"{question.section.number}. {texts.get(f'section:{current_section}', '')}",
                size=12,
                height=6,
            )
        source = f" [{question.source_ref}]" if question.source_ref else ""
        line(f"{question.number}{source} {question.label(texts)}", size=9, height=4.5)
        line(display_value(question, values.get(question.pk), texts), size=10, indent=8)
        pdf.ln(1)
    return bytes(pdf.output())
