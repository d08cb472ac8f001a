from django import forms
from django.conf import settings
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


class AddMemberForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": _("Use 3 to 150 letters, digits and the signs . @ + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(label=_("Language of e-mails"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: object, organisation_kind: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [
            (value, label)
            for value, label in Role.choices
            if organisation_kind in ROLE_ORGANISATION_KINDS[Role(value)]
        ]
        self.fields["language"].choices = [("", "—"), *settings.LANGUAGES]


class ForgotPasswordForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
