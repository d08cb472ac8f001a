"""Serializers of tracing requests: the request with its trail, and each step's input."""

from typing import Any

from rest_framework import serializers

from salw.states.models import State
from salw.tracing.alerts import receives_requests
from salw.tracing.choices import AnswerKind, IllicitGround, WithholdingReason
from salw.tracing.models import CONTENT_FIELDS, TracingEvent, TracingReminder, TracingRequest


class MarkingAsReadSerializer(serializers.Serializer):
    component = serializers.CharField(max_length=60)
    text = serializers.CharField(max_length=200)
    obliterated = serializers.BooleanField(default=False)
    partly_legible = serializers.BooleanField(default=False)


class TracingEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")
    state = serializers.CharField(source="state.iso3")

    class Meta:
        model = TracingEvent
        fields = [
            "id",
            "step",
            "at",
            "actor",
            "state",
            "text",
            "answer_kind",
            "reason",
            "weapon",
            "released",
            "diversion_established",
            "diversion_where",
            "diversion_when",
            "diversion_how",
            "sent_as_document",
        ]


class TracingReminderSerializer(serializers.ModelSerializer):
    """A reminder sent about the request: which deadline, how late, to whom (not how many)."""

    class Meta:
        model = TracingReminder
        fields = ["deadline", "period", "level", "at"]


class TracingRequestSerializer(serializers.ModelSerializer):
    requesting_state = serializers.CharField(source="requesting_state.iso3")
    requested_state = serializers.CharField(source="requested_state.iso3")
    status = serializers.CharField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    events = TracingEventSerializer(many=True, read_only=True)
    reminders = TracingReminderSerializer(many=True, read_only=True)
    year_of_manufacture = serializers.IntegerField(read_only=True, allow_null=True)  # stated: below
    received_on_site = serializers.SerializerMethodField(
        help_text="Whether a tracing officer of the requested State is on this installation. "
        "If not, sending records the request as sent by exchange document "
        "(`sent_as_document` on the event): fetch it from `exchange/` and pass it on."
    )

    def get_received_on_site(self, request: TracingRequest) -> bool:
        return receives_requests(request.requested_state_id)

    class Meta:
        model = TracingRequest
        fields = [
            "id",
            "reference",
            "requesting_state",
            "requested_state",
            "status",
            "sent_at",
            "received_on_site",
            *CONTENT_FIELDS,
            "events",
            "reminders",
        ]


class TracingRequestSummarySerializer(serializers.ModelSerializer):
    """A request in a list: no content, so that reading a request's content is always a logged
    retrieval."""

    requesting_state = serializers.CharField(source="requesting_state.iso3")
    requested_state = serializers.CharField(source="requested_state.iso3")
    status = serializers.CharField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = TracingRequest
        fields = ["id", "reference", "requesting_state", "requested_state", "status", "sent_at",
                  "priority"]  # fmt: skip


class DraftRequestSerializer(serializers.ModelSerializer):
    """A new request: the content and the requested States (ISO alpha-3 codes)."""

    requested_states = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="iso3", queryset=State.objects.all()),
        allow_empty=False,
        min_length=1,
    )
    # min_length repeats allow_empty for the schema (minItems), which does not read allow_empty.
    illicit_grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=IllicitGround.choices),
        allow_empty=False,
        min_length=1,
    )
    markings_as_read = MarkingAsReadSerializer(many=True, required=False)
    # Stated, not derived: a derived range follows the database and the schema must not.
    year_of_manufacture = serializers.IntegerField(
        min_value=1800, max_value=2100, required=False, allow_null=True
    )

    class Meta:
        model = TracingRequest
        fields = ["requested_states", *CONTENT_FIELDS]

    def to_service(self) -> tuple[dict[str, Any], list[State]]:
        data = dict(self.validated_data)
        states = list(data.pop("requested_states"))
        data["markings_as_read"] = [dict(m) for m in data.get("markings_as_read", [])]
        return data, states


class EditDraftSerializer(DraftRequestSerializer):
    """A draft's content: all of it (PUT: what is left out takes its default, as in a new
    request) or some of it (PATCH). The requested State and the reference stay as drafted."""

    class Meta(DraftRequestSerializer.Meta):
        fields = CONTENT_FIELDS

    def content(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        if "markings_as_read" in data:  # a PATCH applies no defaults: the flags are stated here
            data["markings_as_read"] = [
                {
                    "component": m["component"],
                    "text": m["text"],
                    "obliterated": m.get("obliterated", False),
                    "partly_legible": m.get("partly_legible", False),
                }
                for m in data["markings_as_read"]
            ]
        if not self.partial:
            for name in CONTENT_FIELDS:
                if name not in data:
                    data[name] = TracingRequest._meta.get_field(name).get_default()
        return data


class AnswerSerializer(serializers.Serializer):
    answer_kind = serializers.ChoiceField(choices=AnswerKind.choices)
    reason = serializers.ChoiceField(
        choices=WithholdingReason.choices, required=False, allow_blank=True
    )
    text = serializers.CharField(required=False, allow_blank=True)
    weapon = serializers.IntegerField(required=False, allow_null=True)
    released = serializers.DictField(required=False)


class MessageSerializer(serializers.Serializer):
    text = serializers.CharField()


class CloseSerializer(serializers.Serializer):
    diversion_established = serializers.BooleanField(allow_null=True)
    where = serializers.CharField(required=False, allow_blank=True, max_length=200)
    when = serializers.CharField(required=False, allow_blank=True, max_length=100)
    how = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)
