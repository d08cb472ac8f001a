"""The `ltr` filter: marks and codes isolated left-to-right, escaped, on every page."""

import pytest
from django.template import engines

from salw.markings.templatetags.marks import ltr, ltr_text


def test_a_serial_is_isolated_left_to_right_and_escaped() -> None:
    assert ltr("123-456/B") == '<bdi dir="ltr">123-456/B</bdi>'
    assert ltr('<b>"A&B"</b>') == '<bdi dir="ltr">&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</bdi>'
    assert ltr("") == "" and ltr(None) == ""


def test_plain_text_uses_the_unicode_isolates() -> None:
    assert ltr_text("2026/0005-B") == "\u20662026/0005-B\u2069"
    assert ltr_text("") == ""


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ('{{ serial|ltr|default:"—" }}', '<bdi dir="ltr">7.62×39 mm &lt;x&gt;</bdi>'),
        ('{{ missing|ltr|default:"—" }}', "—"),
        (
            "{% load i18n %}{% blocktranslate with s=serial|ltr %}Serial {{ s }}"
            "{% endblocktranslate %}",
            'Serial <bdi dir="ltr">7.62×39 mm &lt;x&gt;</bdi>',
        ),
    ],
)
def test_every_template_has_the_filter_without_loading_it(source: str, html: str) -> None:
    template = engines["django"].from_string(source)
    assert template.render({"serial": "7.62×39 mm <x>"}) == html
