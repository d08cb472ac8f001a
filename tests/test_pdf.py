import io
import os

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from salw.core.pdf import PdfDocument, missing_font_packages

if missing_font_packages():
    pytestmark = pytest.mark.skipif(
        os.environ.get("SALW_PDF_FONTS_REQUIRED") != "1",
        reason="PDF fonts are not installed: apt-get install fonts-noto-core fonts-droid-fallback",
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_chinese_and_russian_text_is_in_the_pdf() -> None:
    document = PdfDocument("国家报告：标识做法", language="zh-hans")
    document.paragraph("制造时是否要求标识？是。")
    document.facts([("Национальный координатор", "Kenya 2024")])
    text = _text(document.output())
    assert "国家报告：标识做法" in text
    assert "制造时是否要求标识？是。" in text
    assert "Национальный координатор" in text


def test_arabic_pages_are_laid_out_right_to_left() -> None:
    with translation.override("ar"):
        document = PdfDocument("التقرير الوطني", language="ar")
    assert document.rtl and document.align == "R"
    document.paragraph("الرقم التسلسلي ABC123")
    text = _text(document.output())
    assert "التقرير الوطني" in text
    assert "ABC123" in text


@pytest.mark.django_db
def test_state_page_as_pdf_in_the_page_language() -> None:
    response = Client(headers={"accept-language": "zh-hans"}).get("/states/KEN/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "肯尼亚" in text and "东非" in text
