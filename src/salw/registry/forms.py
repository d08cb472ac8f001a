"""Forms of the registry pages; they only collect input, the services decide."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import (
    ComponentKind,
    DestructionMethod,
    EventKind,
    MarkingKind,
    Material,
    WeaponType,
)
from salw.registry.models import Site
from salw.registry.services import ComponentData, MarkingData, WeaponData
from salw.registry.services.events import NOT_RECORDED_HERE

REFERENCE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        ComponentKind.FRAME,
        ComponentKind.RECEIVER,
        ComponentKind.LOWER_RECEIVER,
        ComponentKind.UPPER_RECEIVER,
        ComponentKind.FIRE_CONTROL_UNIT,
    )
]


def add_service_errors(form: forms.Form, refused: ValidationError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    errors = refused.message_dict if hasattr(refused, "error_dict") else {None: refused.messages}
    for name, messages in errors.items():
        form.add_error(name if name in form.fields else None, messages)


class RegisterWeaponForm(forms.Form):
    """A weapon, its reference component and the mark on it; more marks are added later."""

    weapon_type = forms.ChoiceField(label=_("Type"), choices=WeaponType.choices)
    manufacturer = forms.CharField(label=_("Manufacturer"), max_length=200, required=False)
    model = forms.CharField(label=_("Model"), max_length=120, required=False)
    calibre = forms.CharField(label=_("Calibre"), max_length=60, required=False)
    year_of_manufacture = forms.IntegerField(label=_("Year of manufacture"), required=False)
    country_of_manufacture = forms.CharField(
        label=_("Country of manufacture (ISO alpha-3, e.g. BEL)"), max_length=3, required=False
    )
    source_ref = forms.CharField(label=_("National record number"), max_length=64, required=False)
    reference_kind = forms.ChoiceField(
        label=_("Serialised reference component"), choices=REFERENCE_KINDS
    )
    mark_kind = forms.ChoiceField(label=_("Kind of mark"), choices=MarkingKind.choices)
    text_as_read = forms.CharField(label=_("Mark, exactly as read"), max_length=200)
    serial = forms.CharField(label=_("Serial number in the mark"), max_length=100, required=False)
    material = forms.ChoiceField(label=_("Marked material"), choices=Material.choices)
    location = forms.CharField(label=_("Where the mark is"), max_length=120, required=False)

    def to_service(self) -> tuple[WeaponData, list[ComponentData]]:
        data = self.cleaned_data
        weapon = WeaponData(
            weapon_type=data["weapon_type"],
            manufacturer=data["manufacturer"],
            model=data["model"],
            calibre=data["calibre"],
            year_of_manufacture=data["year_of_manufacture"],
            country_of_manufacture=data["country_of_manufacture"],
            source_ref=data["source_ref"],
        )
        mark = MarkingData(
            data["mark_kind"],
            data["text_as_read"],
            material=data["material"],
            location=data["location"],
            serial=data["serial"],
        )
        return weapon, [ComponentData(data["reference_kind"], is_reference=True, markings=[mark])]


class RecordEventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"),
        choices=[(k.value, k.label) for k in EventKind if k not in NOT_RECORDED_HERE],
    )
    date = forms.DateField(label=_("Date (YYYY-MM-DD)"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    custodian = forms.CharField(label=_("Custodian"), max_length=200, required=False)
    licence = forms.CharField(label=_("Licence or authorisation"), max_length=100, required=False)
    end_user_certificate = forms.CharField(
        label=_("End-user certificate"), max_length=100, required=False
    )
    other_documents = forms.CharField(label=_("Other documents"), max_length=300, required=False)
    counterpart_country = forms.CharField(
        label=_("Other country (ISO alpha-3)"), max_length=3, required=False
    )
    destruction_method = forms.ChoiceField(
        label=_("Destruction method"),
        choices=[("", "—"), *DestructionMethod.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user)  # type: ignore[attr-defined]
