from typing import Any

from rest_framework import serializers

from salw.registry.choices import ComponentKind, EventKind, MarkingKind, Material, WeaponType
from salw.registry.models import Component, Manufacturer, Marking, Site, Weapon, WeaponEvent
from salw.registry.services import ComponentData, MarkingData, WeaponData
from salw.registry.services.events import EVENT_FIELDS, NOT_RECORDED_HERE


class MarkingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Marking
        fields = [
            "id",
            "kind",
            "text_as_read",
            "normalised",
            "material",
            "location",
            "manufacturer",
            "country",
            "serial",
            "year",
            "model",
            "calibre",
            "symbols",
            "code",
        ]


class ComponentSerializer(serializers.ModelSerializer):
    markings = MarkingSerializer(many=True, read_only=True)

    class Meta:
        model = Component
        fields = ["id", "kind", "is_reference", "description", "markings"]


class WeaponSerializer(serializers.ModelSerializer):
    manufacturer = serializers.CharField(source="manufacturer.name", default=None, read_only=True)
    model = serializers.CharField(source="model.name", default=None, read_only=True)
    calibre = serializers.CharField(source="calibre.name", default=None, read_only=True)
    site = serializers.CharField(source="site.code", default=None, read_only=True)
    # Declared, so the schema does not depend on the database's integer sizes.
    year_of_manufacture = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(
        choices=Weapon._meta.get_field("status").choices,
        read_only=True,
        help_text="Derived from the weapon's life events.",
    )

    class Meta:
        model = Weapon
        fields = [
            "id",
            "source_ref",
            "category",
            "weapon_type",
            "manufacturer",
            "manufacturer_text",
            "model",
            "model_text",
            "calibre",
            "calibre_text",
            "year_of_manufacture",
            "country_of_manufacture",
            "status",
            "status_since",
            "site",
        ]


class WeaponDetailSerializer(WeaponSerializer):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta(WeaponSerializer.Meta):
        fields = [*WeaponSerializer.Meta.fields, "components"]


class EventSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.code", default=None, read_only=True)

    class Meta:
        model = WeaponEvent
        fields = [
            "id",
            "weapon",
            "kind",
            "date",
            *EVENT_FIELDS,
            "site",
            "component",
            "from_weapon",
            "corrects",
            "recorded_at",
        ]
        read_only_fields = fields


# The events an officer records through the API (moves and withdrawals have their own calls).
RECORDABLE_EVENTS = [(k.value, k.label) for k in EventKind if k not in NOT_RECORDED_HERE]


class RecordEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RECORDABLE_EVENTS)
    date = serializers.DateField()
    site = serializers.CharField(required=False, help_text="Code of one of your State's sites.")
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=200)
    licence = serializers.CharField(required=False, allow_blank=True, max_length=100)
    end_user_certificate = serializers.CharField(required=False, allow_blank=True, max_length=100)
    other_documents = serializers.CharField(required=False, allow_blank=True, max_length=300)
    counterpart_country = serializers.CharField(required=False, allow_blank=True, max_length=3)
    destruction_method = serializers.CharField(required=False, allow_blank=True, max_length=12)
    custodian = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


class NewMarkingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MarkingKind.choices)
    text_as_read = serializers.CharField(max_length=200)
    material = serializers.ChoiceField(choices=Material.choices, default=Material.METAL)
    location = serializers.CharField(required=False, allow_blank=True, max_length=120)
    serial = serializers.CharField(required=False, allow_blank=True, max_length=100)
    manufacturer = serializers.CharField(required=False, allow_blank=True, max_length=120)
    country = serializers.CharField(required=False, allow_blank=True, max_length=60)
    year = serializers.CharField(required=False, allow_blank=True, max_length=8)


class NewComponentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ComponentKind.choices)
    is_reference = serializers.BooleanField(default=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)
    markings = NewMarkingSerializer(many=True)


class RegisterWeaponSerializer(serializers.Serializer):
    weapon_type = serializers.ChoiceField(choices=WeaponType.choices)
    manufacturer = serializers.CharField(required=False, allow_blank=True, max_length=200)
    model = serializers.CharField(required=False, allow_blank=True, max_length=120)
    calibre = serializers.CharField(required=False, allow_blank=True, max_length=60)
    year_of_manufacture = serializers.IntegerField(required=False, allow_null=True)
    country_of_manufacture = serializers.CharField(required=False, allow_blank=True, max_length=3)
    source_ref = serializers.CharField(required=False, allow_blank=True, max_length=64)
    components = NewComponentSerializer(many=True)

    def to_service(self) -> tuple[WeaponData, list[ComponentData]]:
        data: dict[str, Any] = dict(self.validated_data)
        components = [
            ComponentData(
                c["kind"],
                is_reference=c["is_reference"],
                description=c.get("description", ""),
                markings=[MarkingData(**m) for m in c["markings"]],
            )
            for c in data.pop("components")
        ]
        return WeaponData(**data), components


class MarkingHitSerializer(serializers.Serializer):
    marking = MarkingSerializer()
    component = serializers.IntegerField(source="marking.component_id")
    weapon = serializers.IntegerField(source="weapon_id", allow_null=True)
    former_weapons = serializers.ListField(
        child=serializers.IntegerField(), source="former_weapon_ids"
    )


class ManufacturerSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    mark_codes = serializers.SerializerMethodField()

    class Meta:
        model = Manufacturer
        fields = ["id", "name", "country", "other_countries", "aliases", "mark_codes"]

    def get_aliases(self, maker: Manufacturer) -> list[str]:
        return [a.text for a in maker.aliases.all() if not a.is_mark_code]

    def get_mark_codes(self, maker: Manufacturer) -> list[str]:
        return [a.text for a in maker.aliases.all() if a.is_mark_code]


class MoveComponentSerializer(serializers.Serializer):
    component = serializers.IntegerField(help_text="A non-reference component of this weapon.")
    to_weapon = serializers.IntegerField(help_text="The receiving weapon, on the same register.")
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CorrectEventSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    withdraw = serializers.BooleanField(default=False)
    kind = serializers.ChoiceField(
        choices=RECORDABLE_EVENTS,
        required=False,
    )
    date = serializers.DateField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=200)


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "code", "name", "location", "custodian"]
