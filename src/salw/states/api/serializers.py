from django.urls import reverse
from rest_framework import serializers

from salw.markings.choices import ComponentKind
from salw.states.choices import ImportMarkElement, ManufactureMarkElement
from salw.states.models import MarkingPractice, PointOfContact, Region, State
from salw.states.services.marking import PRACTICE_FIELDS


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request's language.")

    class Meta:
        model = Region
        fields = ["m49", "name"]


class StateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request's language.")
    names = serializers.SerializerMethodField(help_text="Names in the six UN languages.")
    # Declared, so the schema does not depend on the database's integer sizes.
    un_member_since = serializers.IntegerField(read_only=True, allow_null=True)
    region = RegionSerializer(read_only=True)
    subregion = RegionSerializer(read_only=True)

    class Meta:
        model = State
        fields = [
            "iso3",
            "iso2",
            "m49",
            "name",
            "names",
            "status",
            "un_member_since",
            "region",
            "subregion",
        ]

    def get_names(self, state: State) -> dict[str, str]:
        return {row.language: row.name for row in state.names.all()}


class PointOfContactSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", queryset=State.objects.all())

    class Meta:
        model = PointOfContact
        fields = [
            "id",
            "state",
            "scope",
            "title",
            "name",
            "position",
            "organisation",
            "address",
            "telephone",
            "email",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # The service creates or updates the one contact per State and scope.
        validators: list = []


class MarkingPracticeSerializer(serializers.ModelSerializer):
    state = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    manufacture_elements = serializers.ListField(
        child=serializers.ChoiceField(choices=ManufactureMarkElement.choices), required=False
    )
    marked_components = serializers.ListField(
        child=serializers.ChoiceField(choices=ComponentKind.choices), required=False
    )
    import_elements = serializers.ListField(
        child=serializers.ChoiceField(choices=ImportMarkElement.choices), required=False
    )
    examples = serializers.SerializerMethodField()

    class Meta:
        model = MarkingPractice
        fields = ["state", *PRACTICE_FIELDS, "examples", "updated_at"]
        # Set by the submission of a report from its publication choice, not by an edit.
        read_only_fields = ["updated_at", "confidential"]

    def get_examples(self, practice: MarkingPractice) -> list[dict[str, str]]:
        return [
            {
                "kind": example.kind,
                "caption": example.caption,
                "url": reverse("states:marking_example", args=[practice.state.iso3, example.token]),
            }
            for example in practice.examples.current()
        ]
