"""Forms to add marks and components to a weapon, and to move a component to another weapon."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.registry.choices import ComponentKind, EventKind, MarkingKind, Material
from salw.registry.models import Component, Weapon, WeaponEvent
from salw.registry.services import ComponentData, MarkingData
from salw.registry.services.events import NOT_RECORDED_HERE


class MarkingFields(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of mark"), choices=MarkingKind.choices)
    text_as_read = forms.CharField(label=_("Mark, exactly as read"), max_length=200)
    material = forms.ChoiceField(label=_("Marked material"), choices=Material.choices)
    location = forms.CharField(label=_("Where the mark is"), max_length=120, required=False)
    serial = forms.CharField(label=_("Serial number in the mark"), max_length=100, required=False)
    manufacturer = forms.CharField(
        label=_("Manufacturer in the mark"), max_length=120, required=False
    )
    country = forms.CharField(label=_("Country in the mark"), max_length=60, required=False)
    year = forms.CharField(label=_("Year in the mark"), max_length=8, required=False)
    model = forms.CharField(label=_("Model in the mark"), max_length=120, required=False)
    calibre = forms.CharField(label=_("Calibre in the mark"), max_length=60, required=False)
    symbols = forms.CharField(
        label=_("Symbols (instead of the manufacturer's name, ITI para 8 a)"),
        max_length=120,
        required=False,
    )
    code = forms.CharField(
        label=_("Country code beside the symbols"), max_length=20, required=False
    )

    def marking(self) -> MarkingData:
        return MarkingData(**{name: self.cleaned_data[name] for name in self.fields if name in
                              MarkingData.__dataclass_fields__})  # fmt: skip


class AddMarkingForm(MarkingFields):
    """A further mark on one of the weapon's components (import mark, State forces' mark ...)."""

    component = forms.ModelChoiceField(label=_("Component"), queryset=Component.objects.none())
    field_order = ["component"]

    def __init__(self, *args: Any, weapon: Weapon, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = weapon.components.all()  # type: ignore[attr-defined]


class AddComponentForm(MarkingFields):
    """Another marked part of the weapon (barrel, slide, embedded plate ...) with its first mark."""

    component_kind = forms.ChoiceField(label=_("Component"), choices=ComponentKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    field_order = ["component_kind", "description"]

    def component(self) -> ComponentData:
        return ComponentData(
            self.cleaned_data["component_kind"],
            description=self.cleaned_data["description"],
            markings=[self.marking()],
        )


class MoveComponentForm(forms.Form):
    """Move a part of a modular weapon to another weapon of the register."""

    component = forms.ModelChoiceField(label=_("Component"), queryset=Component.objects.none())
    to_weapon = forms.IntegerField(label=_("Number of the receiving weapon"), min_value=1)
    date = forms.DateField(label=_("Date (YYYY-MM-DD)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, weapon: Weapon, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        movable = weapon.components.filter(is_reference=False)
        self.fields["component"].queryset = movable  # type: ignore[attr-defined]


class CorrectEventForm(forms.Form):
    """A correction: the right facts of an event, or its withdrawal; the reason is required."""

    reason = forms.CharField(label=_("Why the event is corrected"), max_length=300)
    withdraw = forms.BooleanField(
        label=_("Withdraw the event: it should never have been recorded"), required=False
    )
    kind = forms.ChoiceField(label=_("Event"), choices=(), required=False)
    date = forms.DateField(label=_("Date (YYYY-MM-DD)"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args: Any, event: WeaponEvent, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "kind": event.kind,
                "date": event.date,
                "place": event.place,
                "organisation": event.organisation,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k.value, k.label) for k in EventKind if k not in NOT_RECORDED_HERE
        ]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("kind", "date", "place", "organisation") if data[name]
        }
