from rest_framework import serializers

from salw.accounts.models import User


class UserSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    state = serializers.CharField(
        source="organisation.state.iso3", read_only=True, allow_null=True, default=None
    )
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "organisation", "state", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)
