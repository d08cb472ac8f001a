from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from salw.accounts.api.serializers import UserSerializer
from salw.accounts.models import User
from salw.accounts.views import TEAM_ROLES
from salw.core.permissions import ScopedViewSetMixin


class UserViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Members of the caller's organisation (focal points and administrators)."""

    queryset = User.objects.select_related("organisation__state").prefetch_related("role_grants")
    serializer_class = UserSerializer
    required_roles = TEAM_ROLES

    @extend_schema(summary="The signed-in user")
    @action(detail=False, permission_classes=[IsAuthenticated], required_roles=())
    def me(self, request: Request) -> Response:
        return Response(self.get_serializer(request.user).data)
