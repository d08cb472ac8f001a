from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from salw.states.api.serializers import StateSerializer
from salw.states.filters import StateFilter
from salw.states.models import State


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    """Public reference list of States; filter with `region` (M49), `status` or `q`."""

    queryset = State.objects.with_names()
    serializer_class = StateSerializer
    filterset_class = StateFilter
    permission_classes = [AllowAny]
    lookup_field = "iso3"
