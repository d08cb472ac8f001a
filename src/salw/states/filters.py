"""One FilterSet for the States list page and the States API."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.constants import EMPTY_VALUES

from salw.core.collation import collated
from salw.core.filters import CodeChoiceFilter
from salw.states.choices import ContactScope
from salw.states.models import PointOfContact, Region, State, StateStatus


def region_choices() -> list[tuple[str, str]]:
    """M49 regions and their sub-regions, named in the active language."""
    choices = []
    for region in Region.objects.filter(parent=None).prefetch_related("names", "subregions__names"):
        choices.append((region.m49, region.name))
        for subregion in collated(region.subregions.all(), key=lambda r: r.name):
            choices.append((subregion.m49, f"— {subregion.name}"))
    return choices


M49_CODE = r"^[0-9]{3}$"


class RegionFilter(CodeChoiceFilter):
    """An M49 region or sub-region: matches the States of the region and of its sub-regions.

    `state_path` leads from the filtered model to its State ("" for States themselves,
    "state__" for a State's records), so every list by region filters the same way.
    """

    def __init__(self, state_path: str = "", **kwargs: Any) -> None:
        self.state_path = state_path
        kwargs.setdefault("label", _("Region"))
        super().__init__(
            choices=region_choices,
            empty_label=_("All"),
            field_name=f"{state_path}region__m49",
            pattern=M49_CODE,
            message=_("An M49 code is three digits."),
            **kwargs,
        )

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        if value in EMPTY_VALUES:
            return queryset
        path = self.state_path
        return queryset.filter(
            Q(**{f"{path}region__m49": value}) | Q(**{f"{path}subregion__m49": value})
        )


class StateFilter(django_filters.FilterSet):
    region = RegionFilter()
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("membership of the United Nations", "Status"),
        choices=StateStatus.choices,
        empty_label=_("All"),
    )
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_text")

    class Meta:
        model = State
        fields = ["region", "status", "q"]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(iso2__iexact=value)
            | Q(iso3__iexact=value)
            | Q(m49=value)
            | Q(names__name__icontains=value)
        ).distinct()


class PointOfContactFilter(django_filters.FilterSet):
    region = RegionFilter("state__")
    scope = django_filters.ChoiceFilter(
        label=_("For"), choices=ContactScope.choices, empty_label=_("All")
    )
    state = django_filters.CharFilter(
        label=_("State (ISO code)"), field_name="state__iso3", lookup_expr="iexact"
    )

    class Meta:
        model = PointOfContact
        fields = ["region", "scope", "state"]
