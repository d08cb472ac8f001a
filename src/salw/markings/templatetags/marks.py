"""Marks shown exactly as they are, in every script: the `ltr` filter and its plain-text twin.

A serial ("123-456/B"), a record number ("2026/0005-B"), a calibre ("7.62×39 mm") or a code is a
left-to-right run of letters, digits and neutral signs. Inside an Arabic sentence the Unicode
bidirectional algorithm would reorder its neutral signs around the digits ("B/123-456"), and an
officer reading it off the screen would trace the wrong weapon. Each such value is therefore
isolated as one left-to-right unit: `<bdi dir="ltr">` in HTML, the isolates U+2066 … U+2069 in
plain text (e-mails). The filter is a template builtin (settings), so every page has it.
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def ltr_text(value: Any) -> str:
    """A mark or code isolated left-to-right in plain text; nothing to isolate stays as it is."""
    if value is None or value == "":
        return ""
    return f"{LEFT_TO_RIGHT_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


@register.filter(is_safe=True)
def ltr(value: Any) -> SafeString | str:
    """`{{ weapon.source_ref|ltr }}`: the value escaped inside `<bdi dir="ltr">`."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
