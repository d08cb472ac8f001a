"""Forms of the stockpile pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import DiscrepancyResolution, DiversionKind


class SiteForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    custodian = forms.CharField(label=_("Custodian"), max_length=200, required=False)


class CountForm(forms.Form):
    counted_on = forms.DateField(label=_("Counted on (YYYY-MM-DD)"))
    counted_by = forms.CharField(label=_("Counted by"), max_length=200, required=False)
    counted = forms.CharField(
        label=_("Weapons counted: one national record number or serial per line"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )


class ResolveForm(forms.Form):
    """How one weapon counted but not expected is settled."""

    resolution = forms.ChoiceField(label=_("Resolution"), choices=DiscrepancyResolution.choices)
    weapon = forms.CharField(
        label=_("The weapon on the register: national record number or serial"),
        max_length=100,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class DiversionForm(forms.Form):
    occurred_on = forms.DateField(label=_("Occurred on (YYYY-MM-DD)"))
    kind = forms.ChoiceField(label=_("Kind of diversion"), choices=DiversionKind.choices)
    weapon_count = forms.IntegerField(
        label=_("Number of weapons (the listed ones and any not yet identified)"),
        min_value=1,
        required=False,
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)  # type: ignore[arg-type]
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    weapons = forms.CharField(
        label=_("Weapons concerned: one national record number or serial per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
