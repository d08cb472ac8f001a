"""API for inventory counts, diversion incidents and import runs (the pages' twins)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from salw.core.downloads import csv_response
from salw.core.permissions import ScopedViewSetMixin, get_visible_or_404
from salw.registry.importer import background
from salw.registry.importer.readers import ENCODINGS
from salw.registry.importer.run import bad_rows as bad_row_table
from salw.registry.importer.run import prepare_import
from salw.registry.models import (
    Discrepancy,
    DiversionIncident,
    ImportRun,
    InventoryCount,
    Site,
)
from salw.registry.models.scope import READ_ROLES
from salw.registry.services import confirm_discrepancy, record_count, record_diversion
from salw.registry.services.stockpiles import resolve_weapons


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _weapons(user: Any, identifiers: list[str]) -> list:
    weapons, unknown = resolve_weapons(user.state_id, identifiers)
    if unknown:
        names = ", ".join(unknown[:20])
        raise ValidationError(
            {"weapons": [_("Not on your register: %(names)s") % {"names": names}]}
        )
    return weapons


class DiscrepancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Discrepancy
        fields = ["id", "weapon", "kind", "confirmed_at", "loss_event"]


class CountSerializer(serializers.ModelSerializer):
    discrepancies = DiscrepancySerializer(many=True, read_only=True)
    counted = serializers.SerializerMethodField()

    class Meta:
        model = InventoryCount
        fields = [
            "id",
            "site",
            "counted_on",
            "counted_by",
            "reconciled_at",
            "counted",
            "discrepancies",
        ]

    def get_counted(self, count: InventoryCount) -> int:
        return count.items.count()


class NewCountSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    counted_on = serializers.DateField()
    counted_by = serializers.CharField(max_length=200, required=False, allow_blank=True)
    weapons = serializers.ListField(
        child=serializers.CharField(max_length=64),
        help_text="Weapons counted: national record numbers or serials.",
    )


class InventoryCountViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Physical counts of the caller's State's sites, reconciled against the register; a
    record keeper confirms a missing weapon as lost."""

    queryset = InventoryCount.objects.prefetch_related("discrepancies")
    serializer_class = CountSerializer
    required_roles = READ_ROLES
    filter_backends: list = []

    @extend_schema(request=NewCountSerializer, responses={201: CountSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = NewCountSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        site = get_visible_or_404(Site.objects.all(), request.user, pk=data["site"])
        try:
            with transaction.atomic():
                count = record_count(
                    site,
                    _weapons(request.user, data["weapons"]),
                    actor=request.user,
                    counted_on=data["counted_on"],
                    counted_by=data.get("counted_by", ""),
                )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(CountSerializer(count).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DiscrepancySerializer})
    @action(detail=True, methods=["post"], url_path=r"discrepancies/(?P<discrepancy>\d+)/confirm")
    def confirm(self, request: Request, pk: str, discrepancy: str) -> Response:
        """Confirm that a weapon missing at this count is lost (flagged for tracing at once)."""
        count = self.get_object()  # another State's count is 404
        item = get_object_or_404(count.discrepancies.all(), pk=discrepancy)
        try:
            confirm_discrepancy(item, actor=request.user, note=request.data.get("note", ""))
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        item.refresh_from_db()
        return Response(DiscrepancySerializer(item).data)


class DiversionSerializer(serializers.ModelSerializer):
    weapons = serializers.ListField(
        child=serializers.CharField(max_length=64),
        write_only=True,
        required=False,
        help_text="Weapons diverted: national record numbers or serials.",
    )
    weapon_ids = serializers.PrimaryKeyRelatedField(source="weapons", many=True, read_only=True)

    class Meta:
        model = DiversionIncident
        fields = ["id", "occurred_on", "site", "description", "weapons", "weapon_ids"]


class DiversionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Diversion incidents of the caller's State (they feed the national report)."""

    queryset = DiversionIncident.objects.prefetch_related("weapons")
    serializer_class = DiversionSerializer
    required_roles = READ_ROLES
    filter_backends: list = []

    def perform_create(self, serializer: DiversionSerializer) -> None:
        data = serializer.validated_data
        site = data.get("site")
        if site is not None:
            site = get_visible_or_404(Site.objects.all(), self.request.user, pk=site.pk)
        try:
            serializer.instance = record_diversion(
                actor=self.request.user,
                occurred_on=data["occurred_on"],
                description=data["description"],
                site=site,
                weapons=_weapons(self.request.user, data.get("weapons", [])),
            )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused


class ImportRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRun
        fields = [
            "id",
            "file_name",
            "file_sha256",
            "mapping",
            "encoding",
            "status",
            "rows_total",
            "rows_read",
            "rows_imported",
            "rows_bad",
            "started_at",
            "finished_at",
        ]


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The register, CSV or XLSX.")
    mapping = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Schema column → the file's header, as a JSON object.",
    )
    encoding = serializers.ChoiceField(
        choices=[name for name in ENCODINGS if name],
        required=False,
        help_text="How the CSV was saved; detected when not given.",
    )


class ImportRunViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Imports of the caller's State's register: progress, counters and the bad rows."""

    queryset = ImportRun.objects.all()
    serializer_class = ImportRunSerializer
    required_roles = READ_ROLES
    filter_backends: list = []

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportRunSerializer},
    )
    def create(self, request: Request) -> Response:
        """Start importing a register file: checked as on the page (encoding, limits, header),
        then imported in the background; follow it at the run's address."""
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        path = background.store_upload(data["file"])
        try:
            run = prepare_import(
                path,
                actor=request.user,
                mapping=data.get("mapping") or None,
                file_name=Path(data["file"].name or path.name).name,
                encoding=data.get("encoding", ""),
            )
        except PermissionDenied:
            background.discard_refused(path)
            raise
        except DjangoValidationError as refused:
            background.discard_refused(path)
            raise _refused(refused) from refused
        background.start(run, request.user)
        return Response(ImportRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(description="row,field,value,reason")}
    )
    @action(detail=True, url_path="bad-rows")
    def bad_rows(self, request: Request, pk: str) -> StreamingHttpResponse:
        run = self.get_object()
        return csv_response(bad_row_table(run), f"import-{run.pk}-bad-rows")
