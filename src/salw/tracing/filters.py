"""One FilterSet for the lost or stolen alerts, on the page and in the API."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from salw.core.filters import StrictBooleanFilter
from salw.tracing.models import LostStolenAlert


class AlertFilter(django_filters.FilterSet):
    """`handled=false` for the open alerts, `handled=true` for those handled; the page shows the
    open ones unless asked, the API every alert."""

    handled = StrictBooleanFilter(label=_("Handled"), method="filter_handled")

    class Meta:
        model = LostStolenAlert
        fields = ["handled"]

    def filter_handled(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.handled() if value else queryset.open()  # type: ignore[attr-defined]
