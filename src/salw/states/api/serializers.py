from rest_framework import serializers

from salw.states.models import Region, State


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
