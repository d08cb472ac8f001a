"""Forms of tracing requests: the request, the answer, a message, the closing feedback."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import WeaponType
from salw.registry.models import Calibre, Manufacturer
from salw.states.forms import StatesField
from salw.tracing.choices import (
    AnswerKind,
    Channel,
    HowFound,
    IllicitGround,
    Priority,
    RequestedAs,
    WithholdingReason,
)
from salw.tracing.models import TracingRequest

LTR = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
OTHER = "other"  # the choice of a make or calibre that is not in the reference lists
OTHERS = {"make": "make_other", "calibre": "calibre_other"}  # a listed field → its "other" text


class ListedOrOther(forms.ChoiceField):
    """A choice from a reference list, shown as a list; a value posted that the list does not
    hold (a list not loaded yet, a name typed by a script) is taken as an "other" as written."""

    def valid_value(self, value: str) -> bool:
        return True


def _makes() -> list[tuple[str, str]]:
    names = Manufacturer.objects.order_by("name").values_list("name", flat=True)
    return [("", "—"), *((name, name) for name in names), (OTHER, _("Other (type it below)"))]


def _calibres() -> list[tuple[str, str]]:
    names = Calibre.objects.order_by("name").values_list("name", flat=True)
    return [("", "—"), *((name, name) for name in names), (OTHER, _("Other (type it below)"))]


class RequestContentForm(forms.Form):
    """The content of a tracing request (ITI paras 17-18), drafted or edited; the markings as
    read are rows of their own (`forms_markings.marking_rows`)."""

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
    # The registry's own list: the requested State reads the type in its language, not as typed.
    weapon_type = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *WeaponType.choices], required=False
    )
    # Make and calibre from the registry's reference lists, so both States read the same name;
    # one that is not listed is typed as "other" and kept as written.
    make = ListedOrOther(label=_("Make"), choices=_makes, required=False)
    make_other = forms.CharField(
        label=_("Make, if it is not in the list"),
        max_length=TracingRequest._meta.get_field("make").max_length,
        required=False,
    )
    model = forms.CharField(label=_("Model"), max_length=120, required=False)
    calibre = ListedOrOther(label=_("Calibre"), choices=_calibres, required=False)
    calibre_other = forms.CharField(
        label=_("Calibre, if it is not in the list"),
        max_length=TracingRequest._meta.get_field("calibre").max_length,
        required=False,
        widget=forms.TextInput(attrs=LTR),
    )
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

    @classmethod
    def of(cls, draft: TracingRequest) -> "RequestContentForm":
        """The form filled with what a draft says (a make or calibre not in the lists as
        "other", with its text)."""
        others = OTHERS.values()
        initial = {name: getattr(draft, name) for name in cls.base_fields if name not in others}
        return cls(initial=cls._unlisted_as_other(initial))

    @classmethod
    def _unlisted_as_other(cls, initial: dict[str, Any]) -> dict[str, Any]:
        """A make or calibre the lists do not hold, shown as "other" with its text."""
        for name, other in OTHERS.items():
            listed = {value for value, _label in cls.base_fields[name].choices}
            if initial.get(name) and initial[name] not in listed:
                initial[name], initial[other] = OTHER, initial[name]
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, other in OTHERS.items():
            chosen, typed = data.get(name, ""), (data.get(other) or "").strip()
            if chosen == OTHER and not typed:
                self.add_error(other, _("Type it, or choose it from the list."))
            elif chosen and chosen != OTHER and typed:
                self.add_error(other, _("Choose from the list or type it as other, not both."))
        return data

    def content(self, markings: list[dict[str, Any]]) -> dict[str, Any]:
        """The content for the services: every field of the form, and the markings' rows."""
        data = {
            name: self.cleaned_data[name]
            for name in RequestContentForm.base_fields
            if name not in OTHERS.values()
        }
        for name, other in OTHERS.items():
            if data[name] == OTHER or (not data[name] and self.cleaned_data[other]):
                data[name] = self.cleaned_data[other].strip()
        data["country_of_manufacture"] = data["country_of_manufacture"].upper()
        data["markings_as_read"] = markings
        return data

    def as_initial(self) -> "RequestContentForm":
        """The same form unbound, filled with what was posted: to show it again without errors
        while the officer is still writing (more rows of markings)."""
        initial = {name: self[name].value() for name in self.fields}
        return type(self)(initial=self._unlisted_as_other(initial))


class RequestForm(RequestContentForm):
    """A new request: its content and the States it is addressed to, one request to each."""

    requested_states = StatesField(
        label=_("Requested States"),
        help_text=_("Country of manufacture, of last import, or others: one request to each."),
    )

    field_order = ["requested_states"]


class AnswerForm(forms.Form):
    """The requested State's answer; `released` is what the officer chose to release."""

    kind = forms.ChoiceField(label=_("Answer"), choices=AnswerKind.choices)
    reason = forms.ChoiceField(
        label=_("Reason (required to delay or decline)"),
        choices=[("", "—"), *WithholdingReason.choices],
        required=False,
    )
    text = forms.CharField(label=_("Message"), widget=forms.Textarea, required=False)
    release = forms.MultipleChoiceField(
        label=_("Information released"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick each item of the confirmed weapon's record your State releases."),
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        """`items`: (key, label) of what the confirmed weapon's record can release."""
        super().__init__(*args, **kwargs)
        self.fields["release"].choices = list(items)
        if not items:
            del self.fields["release"]


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The request page shows this form beside the closing one: ids of their own.
        kwargs.setdefault("auto_id", "message-%s")
        super().__init__(*args, **kwargs)


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # On the request's page beside the message form, whose field is also `text`.
        kwargs.setdefault("auto_id", "id_close_%s")
        super().__init__(*args, **kwargs)
