from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from salw.reporting.choices import LANGUAGES
from salw.reporting.models import Report, ReportingCycle, TemplateVersion
from salw.states.models import State


class CycleSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="meeting.code")
    kind = serializers.CharField(source="meeting.kind")
    year = serializers.IntegerField(source="meeting.year")
    starts_on = serializers.DateField(source="meeting.starts_on", allow_null=True)
    template = serializers.CharField(source="template.code", allow_null=True, default=None)

    class Meta:
        model = ReportingCycle
        fields = ["code", "kind", "year", "starts_on", "due_on", "template"]


class ReportSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state.iso3", read_only=True)
    cycle = serializers.CharField(source="cycle.meeting.code", read_only=True)
    template = serializers.CharField(source="template.code", read_only=True)
    etag = serializers.CharField(read_only=True)
    # Declared: the model fields' integer limits differ between SQLite and PostgreSQL, and the
    # committed schema must be the same on both.
    version = serializers.IntegerField(read_only=True)
    revision = serializers.IntegerField(read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "state",
            "cycle",
            "template",
            "version",
            "status",
            "visibility",
            "superseded",
            "language",
            "revision",
            "etag",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class StartReportSerializer(serializers.Serializer):
    cycle = serializers.SlugField(help_text="Meeting code of the cycle, e.g. bms10.")
    language = serializers.ChoiceField(choices=list(LANGUAGES), default="en")
    copy_forward = serializers.BooleanField(default=True)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Answers by question id; send the report's ETag in If-Match.",
    )


class VisibilitySerializer(serializers.Serializer):
    visibility = serializers.ChoiceField(choices=["published", "confidential"])


class TemplateVersionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(read_only=True)
    questions = serializers.SerializerMethodField()

    class Meta:
        model = TemplateVersion
        fields = ["code", "year", "reconstruction", "questions"]

    def get_questions(self, version: TemplateVersion) -> list[dict[str, Any]]:
        request = self.context.get("request")
        texts = version.texts_in(getattr(request, "LANGUAGE_CODE", None))
        return [
            {
                "id": q.qid,
                "number": q.number,
                "section": q.section.number,
                "source": q.source_ref,
                "kind": q.kind,
                "required": q.required,
                "options": q.options,
                "show_if": q.show_if,
                "inferred": q.inferred,
                "text": q.label(texts),
            }
            for q in version.questions.select_related("section")
        ]


class StateStatusSerializer(serializers.Serializer):
    state = serializers.CharField(source="state.iso3")
    status = serializers.ChoiceField(choices=["submitted", "draft", "none"])
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_reminder = serializers.DateTimeField(allow_null=True)


class RemindSerializer(serializers.Serializer):
    cycle = serializers.SlugField()
    state = serializers.CharField(required=False, help_text="ISO alpha-3; default: every State.")
    confirm = serializers.BooleanField(
        default=False,
        help_text="false (the default) sends nothing and answers whom the e-mail would reach "
        "and its text in each language; true sends it.",
    )

    def validate_state(self, value: str) -> str:
        if not State.objects.filter(iso3=value.upper()).exists():
            raise serializers.ValidationError(
                _("No State with the code %(code)s.") % {"code": value}
            )
        return value.upper()


class ReminderTextSerializer(serializers.Serializer):
    language = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    recipients = serializers.IntegerField()


class ReminderPlanSerializer(serializers.Serializer):
    cycle = serializers.CharField(source="cycle.meeting.code")
    sent = serializers.BooleanField()
    states = serializers.IntegerField()
    recipients = serializers.IntegerField()
    texts = ReminderTextSerializer(many=True)


class AttachFileSerializer(serializers.Serializer):
    question = serializers.SlugField(
        help_text="Id of a file-upload question, e.g. national_action_plan_file."
    )
    file = serializers.FileField()
