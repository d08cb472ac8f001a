"""Forms of tracing requests: the request, the answer, a message, the closing feedback."""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.states.models import State
from salw.tracing.choices import (
    AnswerKind,
    Channel,
    HowFound,
    IllicitGround,
    Priority,
    RequestedAs,
    WithholdingReason,
)

LTR = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
FLAGS = {"obliterated": "obliterated", "partly legible": "partly_legible"}


class RequestForm(forms.Form):
    """The content of a tracing request (ITI paras 17-18)."""

    requested_states = forms.ModelMultipleChoiceField(
        label=_("Requested States"),
        queryset=State.objects.all(),
        help_text=_("Country of manufacture, of last import, or others: one request to each."),
    )
    requested_as = forms.ChoiceField(label=_("Requested as"), choices=RequestedAs.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    illicit_grounds = forms.MultipleChoiceField(
        label=_("Why the weapon is illicit (ITI para 6)"),
        choices=IllicitGround.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea, required=False)
    how_found = forms.ChoiceField(label=_("Seized, found or surrendered"), choices=HowFound.choices)
    found_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    found_where = forms.CharField(label=_("Place"), max_length=200, required=False)
    found_circumstances = forms.CharField(
        label=_("Circumstances"), widget=forms.Textarea, required=False
    )
    weapon_type = forms.CharField(label=_("Type"), max_length=60, required=False)
    make = forms.CharField(label=_("Make"), max_length=120, required=False)
    model = forms.CharField(label=_("Model"), max_length=120, required=False)
    calibre = forms.CharField(label=_("Calibre"), max_length=60, required=False)
    country_of_manufacture = forms.CharField(
        label=_("Country of manufacture (ISO alpha-3)"), max_length=3, required=False
    )
    year_of_manufacture = forms.IntegerField(
        label=_("Year of manufacture"), min_value=1800, max_value=2100, required=False
    )
    serial_as_read = forms.CharField(
        label=_("Serial as read"),
        max_length=60,
        help_text=_("Type ? for each character you cannot read; leave out what is missing."),
        widget=forms.TextInput(attrs=LTR),
    )
    markings_as_read = forms.CharField(
        label=_("Every marking as read"),
        required=False,
        widget=forms.Textarea(attrs=LTR),
        help_text=_(
            "One marking a line: component | text exactly as read | obliterated or partly "
            "legible (optional). Example: frame | FN HERSTAL K7?3O1 | partly legible"
        ),
    )
    intended_use = forms.CharField(
        label=_("Intended use of the information"), widget=forms.Textarea
    )
    confidentiality = forms.CharField(
        label=_("Confidentiality conditions"), widget=forms.Textarea, required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    urgency_reason = forms.CharField(
        label=_("Reason for urgency"), widget=forms.Textarea, required=False
    )
    case_reference = forms.CharField(label=_("Your case reference"), max_length=100, required=False)

    def clean_markings_as_read(self) -> list[dict[str, Any]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["markings_as_read"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or not parts[1] or len(parts) > 3:
                raise forms.ValidationError(
                    _("Line %(number)s: write component | text as read | flag."),
                    params={"number": number},
                )
            flag = parts[2].lower() if len(parts) == 3 else ""
            if flag and flag not in FLAGS:
                raise forms.ValidationError(
                    _("Line %(number)s: the flag is “obliterated” or “partly legible”."),
                    params={"number": number},
                )
            rows.append(
                {
                    "component": parts[0],
                    "text": parts[1],
                    "obliterated": flag == "obliterated",
                    "partly_legible": flag == "partly legible",
                }
            )
        return rows

    def to_service(self) -> tuple[dict[str, Any], list[State]]:
        data = dict(self.cleaned_data)
        states = list(data.pop("requested_states"))
        for name in ("country_of_manufacture",):
            data[name] = data[name].upper()
        return data, states


class AnswerForm(forms.Form):
    """The requested State's answer; `released` is what the officer chose to release."""

    kind = forms.ChoiceField(label=_("Answer"), choices=AnswerKind.choices)
    reason = forms.ChoiceField(
        label=_("Reason (required to delay or decline)"),
        choices=[("", "—"), *WithholdingReason.choices],
        required=False,
    )
    text = forms.CharField(label=_("Message"), widget=forms.Textarea, required=False)
    released = forms.CharField(
        label=_("Information released (JSON)"),
        widget=forms.Textarea(attrs={**LTR, "rows": 16}),
        required=False,
        help_text=_("Filled from the confirmed weapon's record: remove what you do not release."),
    )

    def clean_released(self) -> dict[str, Any]:
        text = self.cleaned_data["released"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as broken:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s)."), params={"line": broken.lineno}
            ) from broken
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Give a JSON object."))
        return value


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea)


class CloseForm(forms.Form):
    """The requester's feedback on the outcome of the trace."""

    diversion_established = forms.NullBooleanField(
        label=_("Was the point of diversion established?"),
        widget=forms.Select(
            choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    where = forms.CharField(label=_("Where"), max_length=200, required=False)
    when = forms.CharField(label=_("When"), max_length=100, required=False)
    how = forms.CharField(label=_("How"), widget=forms.Textarea, required=False)
    text = forms.CharField(label=_("Other feedback"), widget=forms.Textarea, required=False)
