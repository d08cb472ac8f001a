"""Markings as read on a tracing request: one row per marking, more rows without JavaScript.

Each row is a component, the text exactly as read (kept as typed: the engine normalises, never
the form) and two flags. A blank row is skipped; clearing a row removes its marking. The rows
are stored as `TracingRequest.markings_as_read`, the list the API and the exchange document
carry: `{"component", "text", "obliterated", "partly_legible"}`.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salw.markings.choices import ComponentKind

BLANK_ROWS = 3  # shown after the markings already given, and added by "more rows"
MAX_MARKINGS = 30
MAX_TEXT = 200  # as the API's `markings_as_read[].text`
COMPONENTS = [("", "—"), *ComponentKind.choices]


class MarkingForm(forms.Form):
    """One marking of one component, exactly as read."""

    component = forms.ChoiceField(
        label=gettext_lazy("Component"), choices=COMPONENTS, required=False
    )
    text = forms.CharField(
        label=gettext_lazy("Text exactly as read"),
        required=False,
        max_length=MAX_TEXT,
        # `auto`: a mark may be in Latin, Cyrillic or Arabic script.
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off", "spellcheck": "false"}),
    )
    obliterated = forms.BooleanField(label=gettext_lazy("obliterated"), required=False)
    partly_legible = forms.BooleanField(label=gettext_lazy("partly legible"), required=False)

    def __init__(self, *args: Any, number: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        # A component named otherwise (by the API or an exchange document) stays selectable.
        kept = (self.initial or {}).get("component")
        if kept and kept not in ComponentKind.values:
            self.fields["component"].choices = [*COMPONENTS, (kept, kept)]

    def add_error(self, field: str | None, error: Any) -> None:
        """Every error of a row says which row and which field, as the page lists many rows."""
        if field is None or self.number is None:
            super().add_error(field, error)
            return
        named = [
            _("Marking %(number)s, %(field)s: %(error)s")
            % {"number": self.number, "field": self.fields[field].label, "error": message}
            for message in ValidationError(error).messages
        ]
        super().add_error(field, named)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("component") and not data.get("text") and not self._flagged(data):
            return {}  # a blank row, or a marking cleared to remove it
        for name in ("component", "text"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        return data

    @staticmethod
    def _flagged(data: dict[str, Any]) -> bool:
        return bool(data.get("obliterated") or data.get("partly_legible"))


class BaseMarkingFormSet(forms.BaseFormSet):
    """The rows of markings; `as_read()` gives them in the stored shape."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        if index is None:  # the empty form, for the column headings
            return {"number": None}
        # Every row is read, whatever the posted count of "initial" rows says: `clean` tells a
        # blank row from a marking, so an unchanged marking is never dropped as "empty".
        return {"number": index + 1, "empty_permitted": False}

    def as_read(self) -> list[dict[str, Any]]:
        return [
            {
                "component": row["component"],
                "text": row["text"],
                "obliterated": row["obliterated"],
                "partly_legible": row["partly_legible"],
            }
            for row in (form.cleaned_data for form in self.forms)
            if row
        ]

    def with_more_rows(self) -> "BaseMarkingFormSet":
        """The rows as posted, unbound (the officer is still writing: no errors yet), followed
        by blank rows; the first blank row takes the focus."""
        rows = [{name: form[name].value() for name in form.fields} for form in self.forms]
        more = type(self)(initial=rows, prefix=self.prefix)
        if len(more.forms) > len(rows):
            more.forms[len(rows)].fields["component"].widget.attrs["autofocus"] = True
        return more

    def can_grow(self) -> bool:
        return self.total_form_count() < MAX_MARKINGS


MarkingFormSet = forms.formset_factory(
    MarkingForm,
    formset=BaseMarkingFormSet,
    extra=BLANK_ROWS,
    max_num=MAX_MARKINGS,
    validate_max=True,
)


def marking_rows(data: Any = None, *, markings: list[dict[str, Any]] | None = None) -> Any:
    """The rows of a request's form: posted (`data`), or the markings a draft has, with blank
    rows after them."""
    return MarkingFormSet(data, initial=markings or [], prefix="markings")
