from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.accounts.choices import Role
from salw.accounts.forms import AddMemberForm, ForgotPasswordForm, RolesForm
from salw.accounts.models import User
from salw.accounts.services import add_member, send_password_link, set_roles
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404

TEAM_ROLES = (Role.FOCAL_POINT, Role.ADMINISTRATOR)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"member": request.user})


class TeamView(RoleRequiredMixin, View):
    """The people of the viewer's organisation and their roles."""

    required_roles = TEAM_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        members = (
            User.objects.visible_to(request.user)
            .select_related("organisation__state")
            .prefetch_related("role_grants", "organisation__state__names")
        )
        return render(request, "accounts/team.html", {"members": members})


class MemberView(RoleRequiredMixin, View):
    """One member of the viewer's organisation; a focal point may change the member's roles."""

    required_roles = TEAM_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = get_visible_or_404(User.objects.all(), request.user, pk=pk)
        return self._render(request, member, RolesForm(member=member))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = get_visible_or_404(User.objects.all(), request.user, pk=pk)
        form = RolesForm(request.POST, member=member)
        if form.is_valid():
            try:
                set_roles(member, form.cleaned_data["roles"], actor=request.user)
            except ValidationError as refused:
                form.add_error("roles", refused)
            else:
                messages.success(request, _("Roles saved."))
                return redirect("accounts:member", pk=member.pk)
        return self._render(request, member, form, status=400)

    def _render(
        self, request: HttpRequest, member: User, form: RolesForm, status: int = 200
    ) -> HttpResponse:
        can_edit = User.objects.editable_by(request.user).filter(pk=member.pk).exists()
        context = {"member": member, "form": form, "can_edit": can_edit}
        return render(request, "accounts/member.html", context, status=status)


class AddMemberView(RoleRequiredMixin, View):
    """A focal point (or an administrator) adds a person to the own organisation."""

    required_roles = TEAM_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                member = add_member(
                    request.user.organisation,
                    username=data["username"],
                    email=data["email"],
                    roles=data["roles"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    language=data["language"],
                    actor=request.user,
                )
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("%(username)s is added; an e-mail with a link to choose a password is sent.")
                    % {"username": member.get_username()},
                )
                return redirect("accounts:member", pk=member.pk)
        return self._render(request, form, status=400)

    def _form(self, request: HttpRequest, data: object = None) -> AddMemberForm:
        organisation = request.user.organisation
        if organisation is None:
            raise Http404
        return AddMemberForm(data, organisation_kind=organisation.kind)

    def _render(self, request: HttpRequest, form: AddMemberForm, status: int = 200) -> HttpResponse:
        return render(request, "accounts/add_member.html", {"form": form}, status=status)


def forgot_password(request: HttpRequest) -> HttpResponse:
    """Send a link to choose a new password. The answer is the same whether or not the address
    is known, so that nobody can find out who has an account."""
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for user in User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True):
            send_password_link(user, welcome=False)
        return render(request, "registration/password_reset_done.html")
    return render(request, "registration/password_reset_form.html", {"form": form})
