"""One FilterSet for the States list page and the States API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from salw.states.choices import ContactScope
from salw.states.models import PointOfContact, Region, State, StateStatus


def region_choices() -> list[tuple[str, str]]:
    """M49 regions and their sub-regions, named in the active language."""
    choices = []
    for region in Region.objects.filter(parent=None).prefetch_related("names", "subregions__names"):
        choices.append((region.m49, region.name))
        for subregion in sorted(region.subregions.all(), key=lambda r: r.name):
            choices.append((subregion.m49, f"— {subregion.name}"))
    return choices


class StateFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=region_choices,
        empty_label=_("All"),
        field_name="region__m49",  # tells the API schema the type: an M49 code
        method="filter_region",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StateStatus.choices, empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Name or code"), method="filter_text")

    class Meta:
        model = State
        fields = ["region", "status", "q"]

    def filter_region(self, queryset: QuerySet, name: str, m49: str) -> QuerySet:
        # A region matches its own States and those of its sub-regions.
        return queryset.filter(Q(region__m49=m49) | Q(subregion__m49=m49))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(iso2__iexact=value)
            | Q(iso3__iexact=value)
            | Q(m49=value)
            | Q(names__name__icontains=value)
        ).distinct()


class PointOfContactFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=region_choices,
        empty_label=_("All"),
        field_name="state__region__m49",
        method="filter_region",
    )
    scope = django_filters.ChoiceFilter(
        label=_("For"), choices=ContactScope.choices, empty_label=_("All")
    )
    state = django_filters.CharFilter(
        label=_("State (ISO code)"), field_name="state__iso3", lookup_expr="iexact"
    )

    class Meta:
        model = PointOfContact
        fields = ["region", "scope", "state"]

    def filter_region(self, queryset: QuerySet, name: str, m49: str) -> QuerySet:
        return queryset.filter(Q(state__region__m49=m49) | Q(state__subregion__m49=m49))
