from django import forms
from django.utils.translation import gettext_lazy as _

from salw.accounts.choices import ROLE_ORGANISATION_KINDS, Role
from salw.accounts.models import User


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        kind = member.organisation.kind if member.organisation else None
        # Offer only the roles this member's organisation can hold.
        self.fields["roles"].choices = [
            (value, label)
            for value, label in Role.choices
            if kind in ROLE_ORGANISATION_KINDS[Role(value)]
        ]
        self.fields["roles"].initial = sorted(member.roles)
