"""The questionnaire form of one section, built from the template's questions.

Fields only carry what was typed; `answers.clean_value` (through `services.save_answers`) is the
one place that validates an answer, for pages, the API, the CLI and workbooks alike.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.reporting.answers import LONG_TEXT_MAX, SHORT_TEXT_MAX, normalise_text
from salw.reporting.choices import (
    CONTACT_FIELDS,
    CONTACT_LABELS,
    LANGUAGES,
    QuestionKind,
    Visibility,
)
from salw.reporting.disclosure import PUBLISH_PERSON
from salw.reporting.models import Question
from salw.states.choices import CONTACT_LIMITS

TABLE_EXTRA_ROWS = 3
MAX_UPLOAD_BYTES = 10_000_000


class TextField(forms.CharField):
    """Text as typed, cleaned as every door cleans it (answers.normalise_text) before Django's
    own checks, which would refuse a NUL pasted from a word processor instead of removing it."""

    def to_python(self, value: Any) -> str:
        return super().to_python(normalise_text(value) if isinstance(value, str) else value)


# How the browser helps with each part of a contact: keyboard, autofill, and the length limit.
_CONTACT_INPUTS: dict[str, dict[str, str]] = {
    "title": {"autocomplete": "honorific-prefix"},
    "name": {"autocomplete": "name"},
    "position": {"autocomplete": "organization-title"},
    "organisation": {"autocomplete": "organization"},
    "address": {"autocomplete": "street-address"},
    "telephone": {"type": "tel", "autocomplete": "tel"},
    "email": {"type": "email", "autocomplete": "email"},
}


def _contact_widget(part: str) -> forms.Widget:
    attrs = {**_CONTACT_INPUTS[part], "maxlength": str(CONTACT_LIMITS[part])}
    if part == "address":
        return forms.Textarea(attrs={**attrs, "rows": 3})
    input_type = attrs.pop("type", "text")
    widget = forms.TextInput(attrs=attrs)
    widget.input_type = input_type
    return widget


class SectionForm(forms.Form):
    """One field per question (contacts and tables: one per part), named by the question's id."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        texts: dict[str, str],
        values: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.values = values
        for question in questions:
            for name, field in self._fields_for(question, texts, values.get(question.qid)):
                self.fields[name] = field

    def _fields_for(
        self, question: Question, texts: dict[str, str], value: Any
    ) -> list[tuple[str, forms.Field]]:
        qid, kind = question.qid, question.kind
        label = question.label(texts)
        if kind in (
            QuestionKind.YES_NO_DEVELOPING,
            QuestionKind.YES_NO,
            QuestionKind.SINGLE_CHOICE,
        ):
            choices = [(o, question.option_label(texts, o)) for o in question.options]
            field: forms.Field = forms.ChoiceField(
                label=label, choices=choices, required=False, widget=forms.RadioSelect
            )
            field.initial = value
            return [(qid, field)]
        if kind == QuestionKind.MULTIPLE_CHOICE:
            choices = [(o, question.option_label(texts, o)) for o in question.options]
            field = forms.MultipleChoiceField(
                label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
            field.initial = value or []
            return [(qid, field)]
        if kind == QuestionKind.CONTACT:
            value = value or {}
            parts: list[tuple[str, forms.Field]] = [
                (
                    f"{qid}__{part}",
                    TextField(
                        label=CONTACT_LABELS[part],
                        required=False,
                        initial=value.get(part, ""),
                        widget=_contact_widget(part),
                    ),
                )
                for part in CONTACT_FIELDS
            ]
            publish = forms.BooleanField(
                label=_(
                    "Publish this contact person with the report (title, name, position, "
                    "address, telephone and e-mail). Without it, the public sees only the "
                    "organisation."
                ),
                required=False,
                initial=value.get(PUBLISH_PERSON) is True,
            )
            return [*parts, (f"{qid}__{PUBLISH_PERSON}", publish)]
        if kind == QuestionKind.TABLE:
            rows = list(value or []) + [{}] * TABLE_EXTRA_ROWS
            return [
                (
                    f"{qid}__{index}__{column}",
                    TextField(
                        label=texts.get(f"col:{qid}:{column}", column),
                        required=False,
                        initial=row.get(column, ""),
                        widget=forms.TextInput(attrs={"maxlength": SHORT_TEXT_MAX}),
                    ),
                )
                for index, row in enumerate(rows)
                for column in question.columns
            ]
        if kind == QuestionKind.FILE:
            value = value or {}
            reference = TextField(
                label=label,
                required=False,
                initial=value.get("reference", ""),
                widget=forms.TextInput(attrs={"maxlength": SHORT_TEXT_MAX}),
            )
            upload = forms.FileField(
                label=_("Attach a file (PDF, DOCX, XLSX, image)"), required=False
            )
            return [(qid, reference), (f"{qid}__upload", upload)]
        widget: forms.Widget = forms.TextInput(attrs={"maxlength": SHORT_TEXT_MAX})
        if kind == QuestionKind.LONG_TEXT:
            widget = forms.Textarea(attrs={"rows": 4, "maxlength": LONG_TEXT_MAX})
        elif kind == QuestionKind.INTEGER:
            widget = forms.TextInput(attrs={"inputmode": "numeric"})
        elif kind == QuestionKind.DECIMAL:
            widget = forms.TextInput(attrs={"inputmode": "decimal"})
        elif kind == QuestionKind.DATE:
            widget = forms.DateInput(attrs={"type": "date"})
        field = TextField(label=label, required=False, widget=widget, strip=False)
        field.initial = "" if value is None else str(value)
        return [(qid, field)]

    def raw_answers(self) -> dict[str, Any]:
        """What was typed, by question id, in the shape `save_answers` expects."""
        data = self.cleaned_data
        raw: dict[str, Any] = {}
        for question in self.questions:
            qid = question.qid
            if question.kind == QuestionKind.CONTACT:
                raw[qid] = {part: data.get(f"{qid}__{part}", "") for part in CONTACT_FIELDS}
                raw[qid][PUBLISH_PERSON] = bool(data.get(f"{qid}__{PUBLISH_PERSON}"))
            elif question.kind == QuestionKind.FILE:
                kept = self.values.get(qid) or {}
                raw[qid] = {**kept, "reference": data.get(qid) or ""}
            elif question.kind == QuestionKind.TABLE:
                rows: dict[int, dict[str, str]] = {}
                for name, value in data.items():
                    if name.startswith(f"{qid}__"):
                        _qid, index, column = name.split("__")
                        rows.setdefault(int(index), {})[column] = value
                raw[qid] = [rows[i] for i in sorted(rows)]
            else:
                raw[qid] = data.get(qid)
        return raw

    def uploads(self) -> dict[str, tuple[str, bytes]]:
        """Files attached in this form, by question id, as (name, content)."""
        found = {}
        for question in self.questions:
            upload = self.cleaned_data.get(f"{question.qid}__upload")
            if upload:
                found[question.qid] = (upload.name, upload.read(MAX_UPLOAD_BYTES + 1))
        return found

    def add_answer_errors(self, errors: dict[str, list[str]]) -> None:
        for qid, messages in errors.items():
            target = qid if qid in self.fields else None
            if target is None:
                target = next((name for name in self.fields if name.startswith(f"{qid}__")), None)
            for message in messages:
                self.add_error(target, message)


class StartReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language the report is written in"), choices=[])
    copy_forward = forms.BooleanField(
        label=_("Start from our last submitted report"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        names = {code.lower(): name for code, name in settings.LANGUAGES}
        self.fields["language"].choices = [(code, names.get(code, code)) for code in LANGUAGES]


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Publication"), choices=Visibility.choices, widget=forms.RadioSelect
    )


class CheckForm(forms.Form):
    """The check page's publication choice: required, never preselected for a new report."""

    visibility = forms.ChoiceField(
        label=_("Publication"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        required=False,
    )
