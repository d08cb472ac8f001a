"""The text of a PDF as readers extract it, for tests that check what a document says."""

import re
import shutil
import subprocess
import unicodedata

import pytest

BIDI_CONTROLS = {
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}


def pdftotext(pdf: bytes) -> str:
    """The text as poppler's pdftotext reads it: bidi marks dropped, NFC, lines joined."""
    program = shutil.which("pdftotext")
    if program is None:
        pytest.skip("poppler-utils is not installed")
    text = subprocess.run(
        [program, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    text = unicodedata.normalize("NFC", "".join(c for c in text if c not in BIDI_CONTROLS))
    return " ".join(text.split())


def first_pages_as_png(pdf: bytes, prefix: str, pages: int = 2) -> None:
    """The first `pages` pages as PNG images `prefix`-N.png, for a person to look at."""
    program = shutil.which("pdftoppm")
    if program is None:
        return
    subprocess.run(
        [program, "-png", "-r", "60", "-f", "1", "-l", str(pages), "-", prefix],
        input=pdf,
        check=True,
    )


def words_off_the_page(pdf: bytes) -> list[str]:
    """The words poppler finds (partly) outside their page: text the reader cannot see."""
    program = shutil.which("pdftotext")
    if program is None:
        pytest.skip("poppler-utils is not installed")
    layout = subprocess.run(
        [program, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    outside: list[str] = []
    width = 0.0
    for line in layout.splitlines():
        if page := re.search(r'<page width="([\d.]+)"', line):
            width = float(page.group(1))
        elif (
            word := re.search(r'xMin="(-?[\d.]+)".*xMax="(-?[\d.]+)"[^>]*>(.*)</word>', line)
        ) and (float(word.group(1)) < 0 or float(word.group(2)) > width):
            outside.append(word.group(3))
    return outside
