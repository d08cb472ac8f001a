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
from salw.registry.choices import DiscrepancyResolution, DiversionKind
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
    Weapon,
)
from salw.registry.models.scope import READ_ROLES
from salw.registry.services import (
    confirm_discrepancy,
    confirm_missing,
    record_count,
    record_diversion,
    resolve_discrepancy,
)
from salw.registry.services.stockpiles import resolve_weapons


def _refused(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


def _weapons(user: Any, identifiers: list[str]) -> list:
    """Every listed weapon, or a refusal naming those not on the register or not told apart."""
    found = resolve_weapons(user.state_id, identifiers)
    problems = []
    if found.unknown:
        names = ", ".join(found.unknown[:20])
        problems.append(_("Not on your register: %(names)s") % {"names": names})
    if found.shared:
        names = ", ".join(found.shared[:20])
        problems.append(
            _("Serials shared by several weapons: %(names)s; give the national record numbers.")
            % {"names": names}
        )
    if problems:
        raise ValidationError({"weapons": problems})
    return found.weapons


def _one_weapon(user: Any, identifier: str) -> Weapon | None:
    """The weapon a record number or serial names, refused when it names none or several."""
    if not identifier.strip():
        return None
    weapons = _weapons(user, [identifier])
    return weapons[0]


class DiscrepancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Discrepancy
        fields = [
            "id",
            "weapon",
            "reported_as",
            "kind",
            "confirmed_at",
            "loss_event",
            "resolution",
            "resolution_note",
        ]


class ConfirmMissingSerializer(serializers.Serializer):
    discrepancies = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.ChoiceField(choices=DiscrepancyResolution.choices)
    weapon = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="The weapon it is: national record number or serial.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


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
                found = resolve_weapons(request.user.state_id, data["weapons"])
                count = record_count(
                    site,
                    found.weapons,
                    actor=request.user,
                    counted_on=data["counted_on"],
                    counted_by=data.get("counted_by", ""),
                    unregistered=found.unknown,
                    shared=found.shared,
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

    @extend_schema(request=ConfirmMissingSerializer, responses={200: CountSerializer})
    @action(detail=True, methods=["post"], url_path="discrepancies/confirm")
    def confirm_many(self, request: Request, pk: str) -> Response:
        """Confirm several missing weapons of this count as lost at once (all or none)."""
        count = self.get_object()
        given = ConfirmMissingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            confirm_missing(
                count,
                given.validated_data["discrepancies"],
                actor=request.user,
                note=given.validated_data["note"],
            )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
        return Response(CountSerializer(self.get_queryset().get(pk=count.pk)).data)

    @extend_schema(request=ResolveSerializer, responses={200: DiscrepancySerializer})
    @action(detail=True, methods=["post"], url_path=r"discrepancies/(?P<discrepancy>\d+)/resolve")
    def resolve(self, request: Request, pk: str, discrepancy: str) -> Response:
        """Resolve a weapon counted but not expected: registered, linked, or investigated."""
        count = self.get_object()
        item = get_object_or_404(count.discrepancies.all(), pk=discrepancy)
        given = ResolveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        weapon = _one_weapon(request.user, data["weapon"])
        try:
            item = resolve_discrepancy(
                item, data["resolution"], actor=request.user, weapon=weapon, note=data["note"]
            )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused
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
        fields = [
            "id",
            "occurred_on",
            "kind",
            "weapon_count",
            "site",
            "description",
            "weapons",
            "weapon_ids",
        ]
        extra_kwargs = {"weapon_count": {"required": False, "min_value": 1}}


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
                kind=data.get("kind", DiversionKind.OTHER),
                weapon_count=data.get("weapon_count"),
                site=site,
                weapons=_weapons(self.request.user, data.get("weapons", [])),
            )
        except DjangoValidationError as refused:
            raise _refused(refused) from refused


class ImportRunSerializer(serializers.ModelSerializer):
    working = serializers.BooleanField(
        read_only=True,
        help_text="Running with a recent checkpoint; a running import that is not working has "
        "stopped: post the same file again to resume it.",
    )

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "file_name",
            "file_sha256",
            "mapping",
            "encoding",
            "sheet",
            "status",
            "rows_total",
            "rows_read",
            "rows_imported",
            "rows_bad",
            "rows_unchanged",
            "rows_changed",
            "rows_not_applied",
            "working",
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
    sheet = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=ImportRun._meta.get_field("sheet").max_length,
        help_text="The workbook's sheet that holds the register, by name or number from 1; "
        "when not given, the first sheet whose first row names a field of the register "
        "(a cover sheet is passed over).",
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
                sheet=data.get("sheet", ""),
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
