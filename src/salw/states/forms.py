from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.core.collation import collated
from salw.markings.choices import ComponentKind, MarkingKind
from salw.states.choices import (
    ImportMarkElement,
    ManufactureMarkElement,
    YesNoDeveloping,
)
from salw.states.models import MarkingPractice, PointOfContact, State
from salw.states.services.contacts import CONTACT_FIELDS


class _ByName(forms.models.ModelChoiceIterator):
    """The States in the order of their names in the reader's language."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for state in collated(self.queryset, key=lambda state: state.name):
            yield self.choice(state)


class StatesField(forms.ModelMultipleChoiceField):
    """A choice of States, each named in the reader's language (not the English of `str`)."""

    iterator = _ByName

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=State.objects.with_names(), **kwargs)

    def label_from_instance(self, obj: State) -> str:
        return obj.name


class PointOfContactForm(forms.ModelForm):
    """A focal point names the body and an address to write to; a report may give less."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = True
        self.fields["email"].required = True

    class Meta:
        model = PointOfContact
        fields = CONTACT_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


def _checkboxes(label: str, choices: type) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


def _yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", _("Not stated")), *YesNoDeveloping.choices],
        widget=forms.RadioSelect,
        required=False,
    )


class MarkingPracticeForm(forms.ModelForm):
    manufacture_elements = _checkboxes(
        _("Elements of the manufacture mark"), ManufactureMarkElement
    )
    marked_components = _checkboxes(_("Components that carry the mark"), ComponentKind)
    import_marking = _yes_no(_("Are imported weapons marked?"))
    import_elements = _checkboxes(_("Elements of the import mark"), ImportMarkElement)
    state_forces_marking = _yes_no(_("Are the weapons of the State's forces marked?"))
    civilian_transfer_marking = _yes_no(
        _("Are weapons transferred from State stocks to civilian use marked?")
    )

    class Meta:
        model = MarkingPractice
        fields = [
            "manufacture_elements",
            "marked_components",
            "import_marking",
            "import_elements",
            "state_forces_marking",
            "state_forces_mark",
            "civilian_transfer_marking",
            "polymer_rule",
            "modular_rule",
            "removal_measures",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("state_forces_mark", "polymer_rule", "modular_rule", "removal_measures")
        }


class MarkingExampleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of mark"), choices=MarkingKind.choices)
    caption = forms.CharField(label=_("Caption"), max_length=300)
    image = forms.FileField(
        label=_("Image (JPEG, PNG or WebP, up to 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
