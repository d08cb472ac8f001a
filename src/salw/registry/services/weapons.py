"""Registering weapons, their components and marks, and moving components between weapons."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.core.text import check_identifier, clean_text
from salw.markings.normalise import normalise_marking
from salw.registry.choices import (
    ComponentKind,
    EventKind,
    MarkingKind,
    Material,
    WeaponType,
    category_of,
)
from salw.registry.models import Component, Marking, Weapon, WeaponEvent
from salw.registry.services.access import editable, writable_state_id
from salw.registry.services.dates import check_date, check_year
from salw.registry.services.lifecycle import check_component_move
from salw.registry.services.reference import match_calibre, match_manufacturer, match_model


@dataclass
class MarkingData:
    """A mark as the officer read it, with the ITI para 8 elements that could be told apart."""

    kind: str
    text_as_read: str
    material: str = Material.METAL
    location: str = ""
    manufacturer: str = ""
    country: str = ""
    serial: str = ""
    year: str = ""
    model: str = ""
    calibre: str = ""
    symbols: str = ""
    code: str = ""


# The parts of a mark that identify the weapon: refused, not cleaned, when they hide characters.
IDENTIFIERS = frozenset({"text_as_read", "serial", "code"})


@dataclass
class ComponentData:
    kind: str
    is_reference: bool = False
    description: str = ""
    markings: list[MarkingData] = field(default_factory=list)


@dataclass
class WeaponData:
    weapon_type: str
    manufacturer: str = ""
    model: str = ""
    calibre: str = ""
    year_of_manufacture: int | None = None
    country_of_manufacture: str = ""
    source_ref: str = ""


def check_country(code: str, field_name: str) -> str:
    code = (code or "").strip().upper()
    if code and pycountry.countries.get(alpha_3=code) is None:
        raise ValidationError(
            {field_name: _("“%(code)s” is not an ISO 3166 alpha-3 country code.") % {"code": code}}
        )
    return code


def _check_choice(value: str, choices: Any, field_name: str) -> None:
    if value not in choices.values:
        raise ValidationError(
            {field_name: _("“%(value)s” is not a valid choice.") % {"value": value}}
        )


def build_weapon(state_id: int, data: WeaponData) -> Weapon:
    """An unsaved, validated weapon with its reference tables resolved (used by imports too)."""
    _check_choice(data.weapon_type, WeaponType, "weapon_type")
    check_year(data.year_of_manufacture, "year_of_manufacture")
    manufacturer = match_manufacturer(data.manufacturer)
    return Weapon(
        state_id=state_id,
        source_ref=check_identifier(data.source_ref, "source_ref"),
        category=category_of(data.weapon_type),
        weapon_type=data.weapon_type,
        manufacturer=manufacturer,
        manufacturer_text=clean_text(data.manufacturer),
        model=match_model(data.model, manufacturer),
        model_text=clean_text(data.model),
        calibre=match_calibre(data.calibre),
        calibre_text=clean_text(data.calibre),
        year_of_manufacture=data.year_of_manufacture,
        country_of_manufacture=check_country(data.country_of_manufacture, "country_of_manufacture"),
    )


def build_marking(state_id: int, component: Component, data: MarkingData) -> Marking:
    """An unsaved, validated marking with its search keys."""
    _check_choice(data.kind, MarkingKind, "kind")
    _check_choice(data.material, Material, "material")
    values = {
        name: check_identifier(value, name) if name in IDENTIFIERS else clean_text(value)
        for name in MarkingData.__dataclass_fields__
        if isinstance(value := getattr(data, name), str)
    }
    normalised = normalise_marking(values["text_as_read"])
    if not normalised:
        raise ValidationError({"text_as_read": _("A mark needs at least one letter or digit.")})
    return Marking(
        state_id=state_id,
        component=component,
        normalised=normalised[:200],
        serial_key=(normalise_marking(values["serial"]) or normalised)[:100],
        **values,
    )


@transaction.atomic
def register_weapon(data: WeaponData, components: list[ComponentData], *, actor: Any) -> Weapon:
    """Put a weapon on the actor's State's register with its marked components.

    Exactly one component is the serialised reference component (frame or receiver, or what the
    national rule names for modular designs).
    """
    state_id = writable_state_id(actor)
    if sum(1 for c in components if c.is_reference) != 1:
        raise ValidationError({"components": _("Name exactly one serialised reference component.")})
    weapon = build_weapon(state_id, data)
    same_ref = Weapon.objects.filter(state_id=state_id, source_ref__iexact=weapon.source_ref)
    if weapon.source_ref and same_ref.exclude(source_ref="").exists():
        raise ValidationError(
            {"source_ref": _("The national record number %(ref)s is already on the register.")
             % {"ref": weapon.source_ref}}
        )  # fmt: skip
    weapon.save()
    for component_data in components:
        _create_component(weapon, component_data)
    return weapon


def _create_component(weapon: Weapon, data: ComponentData) -> Component:
    _check_choice(data.kind, ComponentKind, "kind")
    component = Component.objects.create(
        state_id=weapon.state_id,
        weapon=weapon,
        kind=data.kind,
        is_reference=data.is_reference,
        description=clean_text(data.description),
    )
    for marking_data in data.markings:
        build_marking(weapon.state_id, component, marking_data).save()
    return component


@transaction.atomic
def add_component(weapon: Weapon, data: ComponentData, *, actor: Any) -> Component:
    """Add a further marked component to a registered weapon (never a second reference one)."""
    weapon = editable(weapon, actor)
    if data.is_reference:
        raise ValidationError({"is_reference": _("The weapon has its reference component.")})
    return _create_component(weapon, data)


@transaction.atomic
def add_marking(component: Component, data: MarkingData, *, actor: Any) -> Marking:
    """Record a further mark on a component (an import mark, a State forces' mark ...)."""
    component = editable(component, actor)
    marking = build_marking(component.state_id, component, data)
    marking.save()
    return marking


@transaction.atomic
def move_component(
    component: Component,
    to_weapon: Weapon,
    *,
    actor: Any,
    date: datetime.date,
    note: str = "",
) -> WeaponEvent:
    """Move a component (a slide, a barrel ...) of a modular weapon to another weapon.

    One event on the receiving weapon, with `from_weapon` set: both histories show it, and a
    search by the component's marks finds the new weapon now and the old one in the past.
    """
    component = editable(component, actor)
    to_weapon = editable(to_weapon, actor)
    check_date(date)
    if component.is_reference:
        raise ValidationError(
            {"component": _("The serialised reference component identifies the weapon; it cannot "
                            "be moved to another weapon.")}
        )  # fmt: skip
    if component.weapon_id == to_weapon.pk:
        raise ValidationError({"to_weapon": _("The component is already part of this weapon.")})
    check_component_move(component, to_weapon, date)
    event = WeaponEvent.objects.create(
        state_id=component.state_id,
        weapon=to_weapon,
        kind=EventKind.COMPONENT_MOVED,
        date=date,
        component=component,
        from_weapon_id=component.weapon_id,
        note=note,
        recorded_by=actor,
    )
    component.weapon = to_weapon
    component.save(update_fields=["weapon"])
    return event
