from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from salw.core.permissions import ScopedViewSetMixin
from salw.reporting import services
from salw.reporting.api.serializers import (
    AnswersSerializer,
    AttachFileSerializer,
    CycleSerializer,
    ReportSerializer,
    StartReportSerializer,
    TemplateVersionSerializer,
    VisibilitySerializer,
)
from salw.reporting.exports import report_as_json
from salw.reporting.filters import PublishedReportFilter
from salw.reporting.models import Report, ReportingCycle, TemplateVersion
from salw.reporting.models.reports import DRAFTING_ROLES, SECRETARIAT_ROLES
from salw.states.models import State

IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description="The report's ETag."
)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The report changed since you read it: read it again."
    default_code = "stale"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the report's ETag in If-Match."
    default_code = "if_match_required"


class CycleNotOpen(exceptions.APIException):
    """The cycle exists but takes no report yet: the secretariat has not given it a template."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This reporting cycle has no template yet.")
    default_code = "cycle_without_template"


def _refusal(error: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


class ReportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's State's reports (the secretariat: submitted reports). Edits need If-Match."""

    queryset = Report.objects.select_related("state", "cycle__meeting", "template")
    serializer_class = ReportSerializer
    required_roles = DRAFTING_ROLES + SECRETARIAT_ROLES

    @staticmethod
    def _check_if_match(request: Request, report: Report) -> None:
        if_match = request.headers.get("If-Match")
        if not if_match:
            raise PreconditionRequired
        if if_match.removeprefix("W/") != report.etag:
            raise PreconditionFailed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if self.action == "create":  # reading is wider than drafting
            self.required_roles = DRAFTING_ROLES
        super().initial(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = {
            **ReportSerializer(report).data,
            "content": report_as_json(report, request.LANGUAGE_CODE),
        }
        return Response(data, headers={"ETag": report.etag})

    @extend_schema(request=StartReportSerializer, responses=ReportSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = StartReportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        cycle = ReportingCycle.objects.filter(meeting__code=given.validated_data["cycle"]).first()
        if cycle is None or request.user.state_id is None:
            raise exceptions.ValidationError({"cycle": ["There is no such reporting cycle."]})
        if cycle.template_id is None:
            raise CycleNotOpen
        try:
            report, _carry = services.start_report(
                State.objects.get(pk=request.user.state_id),
                cycle,
                actor=request.user,
                language=given.validated_data["language"],
                copy_forward=given.validated_data["copy_forward"],
            )
        except DjangoValidationError as error:
            raise _refusal(error) from error
        return Response(ReportSerializer(report).data, status=201, headers={"ETag": report.etag})

    @extend_schema(request=AnswersSerializer, responses=ReportSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["patch"], required_roles=DRAFTING_ROLES)
    def answers(self, request: Request, pk: str | None = None) -> Response:
        """Save answers by question id; a stale If-Match is refused with 412."""
        report = self.get_object()
        self._check_if_match(request, report)
        given = AnswersSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            report = services.save_answers(
                report, given.validated_data["answers"], base_revision=report.revision,
                actor=request.user,
            )  # fmt: skip
        except DjangoValidationError as error:
            raise _refusal(error) from error
        except services.StaleEdit as stale:
            raise PreconditionFailed from stale
        return Response(ReportSerializer(report).data, headers={"ETag": report.etag})

    @extend_schema(
        request={"multipart/form-data": AttachFileSerializer},
        responses=ReportSerializer,
        parameters=[IF_MATCH],
    )
    @action(
        detail=True,
        methods=["post"],
        required_roles=DRAFTING_ROLES,
        parser_classes=[MultiPartParser],
    )
    def files(self, request: Request, pk: str | None = None) -> Response:
        """Attach a document to a file-upload question (If-Match as for answers)."""
        report = self.get_object()
        self._check_if_match(request, report)
        given = AttachFileSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        try:
            report = services.save_answers_with_files(
                report,
                {},
                {given.validated_data["question"]: (upload.name, upload.read(10_000_001))},
                base_revision=report.revision,
                actor=request.user,
            )
        except DjangoValidationError as error:
            raise _refusal(error) from error
        return Response(ReportSerializer(report).data, headers={"ETag": report.etag})

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"], required_roles=DRAFTING_ROLES)
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit (focal point only, once the publication is chosen); refused with each problem
        under its field: a question id, `<question id>__<part>`, or `publication`."""
        report = self.get_object()
        try:
            report = services.submit_report(report, actor=request.user)
        except services.SubmissionRefused as refused:
            errors: dict[str, list[str]] = {}
            for problem in refused.problems:
                errors.setdefault(problem.field or "detail", []).append(problem.message)
            raise exceptions.ValidationError(errors) from refused
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"], required_roles=DRAFTING_ROLES)
    def amend(self, request: Request, pk: str | None = None) -> Response:
        try:
            amendment = services.amend_report(self.get_object(), actor=request.user)
        except DjangoValidationError as error:
            raise _refusal(error) from error
        return Response(ReportSerializer(amendment).data, status=201)

    @extend_schema(request=VisibilitySerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], required_roles=DRAFTING_ROLES)
    def publication(self, request: Request, pk: str | None = None) -> Response:
        given = VisibilitySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        report = services.set_visibility(
            self.get_object(), given.validated_data["visibility"], actor=request.user
        )
        return Response(ReportSerializer(report).data)


class PublishedReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Public: published reports; filter by State, region, cycle, language, answer, or `q` text.

    Filters take codes (ISO 3166 alpha-3, M49, meeting code, language tag, question id and answer
    value, listed by /api/templates/); a value none of them has, or a `q` that cannot be read (an
    unclosed quote, OR without words on a side, only excluded words), is refused with 400 and a
    problem document whose `errors` names the parameter. `q` finds other forms of each word
    (Snowball stems in English, French, Spanish, Russian and Arabic), OR between alternatives,
    "quotes" for a phrase as written, -word to leave a word out.
    """

    queryset = Report.objects.published().select_related("state", "cycle__meeting", "template")
    serializer_class = ReportSerializer
    filterset_class = PublishedReportFilter
    permission_classes = [AllowAny]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(report_as_json(self.get_object(), request.LANGUAGE_CODE, public=True))


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Public: reporting cycles, their meetings, due dates and template versions."""

    queryset = ReportingCycle.objects.select_related("meeting", "template")
    serializer_class = CycleSerializer
    permission_classes = [AllowAny]
    lookup_field = "meeting__code"
    lookup_url_kwarg = "code"


class TemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Public: template versions and their questions in the caller's language."""

    queryset = TemplateVersion.objects.all()
    serializer_class = TemplateVersionSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
