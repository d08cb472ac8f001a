from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.accounts.choices import Role
from salw.accounts.forms import RolesForm
from salw.accounts.models import User
from salw.accounts.services import set_roles
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
