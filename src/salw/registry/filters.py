"""One FilterSet for the registry's search page and its API."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from salw.core.filters import StrictBooleanFilter, stated
from salw.markings.normalise import calibre_key, name_key
from salw.registry.choices import FLAGGED_STATUSES, WeaponStatus, WeaponType
from salw.registry.models import Site, Weapon
from salw.registry.search import SEARCHABLE, check_pattern, markings_matching
from salw.registry.services.reference import match_calibre, match_manufacturer


def _sites(request: Any) -> QuerySet:
    if request is None:
        return Site.objects.none()
    return Site.objects.visible_to(request.user)


class SiteChoiceField(django_filters.fields.ModelChoiceField):
    """One of the user's sites on the page; in a query, any whole number is a valid filter, and
    a number that names none of the user's sites finds nothing (as the API schema says)."""

    def to_python(self, value: Any) -> Site | int | None:
        if value in self.empty_values:
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            raise forms.ValidationError(_("Give a site's number."), code="invalid") from None
        if not 0 < number < 2**63:  # beyond what a database row number can be
            return number
        try:
            return super().to_python(number)
        except forms.ValidationError:
            return number


class SiteFilter(django_filters.ModelChoiceFilter):
    field_class = SiteChoiceField

    def filter(self, queryset: QuerySet, value: Site | int | None) -> QuerySet:
        if value is None:
            return queryset
        if isinstance(value, Site):
            return queryset.filter(site=value)
        return queryset.none()  # no site of the user's has this number


class WeaponFilter(django_filters.FilterSet):
    marking = stated(
        django_filters.CharFilter(
            label=_("Mark or serial (exact; * and ? are wildcards, AB12* is a prefix)"),
            method="filter_marking",
            validators=[check_pattern],
            # A mark typed on an Arabic page keeps its order ("123-456/B", not "B/123-456").
            widget=forms.TextInput(
                attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
            ),
        ),
        {"type": "string", "pattern": SEARCHABLE},
    )
    manufacturer = django_filters.CharFilter(label=_("Manufacturer"), method="filter_manufacturer")
    model = django_filters.CharFilter(label=_("Model"), method="filter_model")
    calibre = django_filters.CharFilter(label=_("Calibre"), method="filter_calibre")
    weapon_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=WeaponType.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=WeaponStatus.choices, empty_label=_("All")
    )
    site = SiteFilter(label=_("Site"), queryset=_sites, empty_label=_("All"))
    flagged = StrictBooleanFilter(label=_("Lost or stolen only"), method="filter_flagged")

    class Meta:
        model = Weapon
        fields = ["marking", "manufacturer", "model", "calibre", "weapon_type", "status", "site"]

    def filter_marking(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # `check_pattern` refused a pattern without letter or digit before this is called.
        marks = markings_matching(self.request.user, value)
        return queryset.filter(pk__in=marks.values("component__weapon_id"))

    def filter_manufacturer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        maker = match_manufacturer(value)
        if maker is not None:
            return queryset.filter(manufacturer=maker)
        return queryset.filter(manufacturer__isnull=True, manufacturer_text__iexact=value.strip())

    def filter_model(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = name_key(value)
        return queryset.filter(Q(model__key=key) | Q(model_text__iexact=value.strip()))

    def filter_calibre(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        calibre = match_calibre(value)
        if calibre is not None:
            return queryset.filter(calibre=calibre)
        return queryset.filter(calibre__isnull=True, calibre_text__iexact=value.strip())

    def filter_flagged(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value:
            return queryset.filter(status__in=FLAGGED_STATUSES)
        return queryset


__all__ = ["WeaponFilter", "calibre_key"]
