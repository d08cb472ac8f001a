from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from salw.core.permissions import HasRole
from salw.tracing.engine import Reading
from salw.tracing.explain import candidate_data
from salw.tracing.forms import check_serial
from salw.tracing.services import MATCH_ROLES, match_in_own_registry


class ReadingSerializer(serializers.Serializer):
    serial = serializers.CharField(max_length=60)
    manufacturer = serializers.CharField(max_length=120, required=False, allow_blank=True)
    model = serializers.CharField(max_length=120, required=False, allow_blank=True)
    calibre = serializers.CharField(max_length=60, required=False, allow_blank=True)
    country = serializers.CharField(max_length=3, required=False, allow_blank=True)
    year = serializers.IntegerField(min_value=1800, max_value=2100, required=False)

    def validate_serial(self, value: str) -> str:
        return check_serial(value)  # the page's rule; its error becomes a 400 problem


class CandidateSerializer(serializers.Serializer):
    weapon = serializers.IntegerField(allow_null=True)
    marking = serializers.IntegerField()
    serial_on_record = serializers.CharField()
    score = serializers.IntegerField(help_text="0–100")
    differences = serializers.ListField(child=serializers.DictField())
    attributes = serializers.ListField(child=serializers.DictField())


ALSO_FITTING_HEADER = "Salw-Also-Fitting"


class MatchView(APIView):
    """Rank the caller's State's recorded weapons against a weapon as seen."""

    permission_classes = [HasRole]
    required_roles = MATCH_ROLES

    @extend_schema(
        request=ReadingSerializer,
        responses={200: CandidateSerializer(many=True)},
        parameters=[
            OpenApiParameter(
                ALSO_FITTING_HEADER,
                int,
                OpenApiParameter.HEADER,
                response=[200],
                description="How many more weapons fit the reading exactly as well as the last "
                "candidate returned (only more of what was seen can tell them apart).",
            )
        ],
    )
    def post(self, request: Request) -> Response:
        reading = ReadingSerializer(data=request.data)
        reading.is_valid(raise_exception=True)
        candidates = match_in_own_registry(Reading(**reading.validated_data), actor=request.user)
        response = Response([candidate_data(c) for c in candidates], status=status.HTTP_200_OK)
        response[ALSO_FITTING_HEADER] = str(candidates.also_fitting)
        return response
