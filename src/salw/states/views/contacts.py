from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_editable_or_404
from salw.states.choices import ContactScope
from salw.states.filters import PointOfContactFilter
from salw.states.forms import PointOfContactForm
from salw.states.models import PointOfContact, State
from salw.states.models.contacts import CONTACT_READER_ROLES
from salw.states.services import save_point_of_contact


class ContactDirectoryView(RoleRequiredMixin, View):
    """Every State's points of contact on the PoA and the ITI, for those who liaise with them
    (States' focal points and tracing officers, the secretariat): 403 for others."""

    required_roles = CONTACT_READER_ROLES

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = PointOfContact.objects.visible_to(request.user).select_related("state")
        queryset = queryset.prefetch_related("state__names")
        filterset = PointOfContactFilter(request.GET, queryset=queryset)
        return render(
            request,
            "states/contact_directory.html",
            {"filter": filterset, "contacts": filterset.qs},
        )


class EditContactView(RoleRequiredMixin, View):
    """The State's focal point keeps one contact per scope current."""

    def _state_and_contact(
        self, request: HttpRequest, iso3: str, scope: str
    ) -> tuple[State, PointOfContact | None]:
        state = get_editable_or_404(
            State.objects.with_names(), request.user, read_only_is_404=True, iso3=iso3.upper()
        )
        if scope not in ContactScope.values:
            raise Http404
        return state, PointOfContact.objects.filter(state=state, scope=scope).first()

    def get(self, request: HttpRequest, iso3: str, scope: str) -> HttpResponse:
        state, contact = self._state_and_contact(request, iso3, scope)
        return self._render(request, state, scope, PointOfContactForm(instance=contact))

    def post(self, request: HttpRequest, iso3: str, scope: str) -> HttpResponse:
        state, contact = self._state_and_contact(request, iso3, scope)
        form = PointOfContactForm(request.POST, instance=contact)
        if form.is_valid():
            try:
                save_point_of_contact(state, scope, form.cleaned_data, actor=request.user)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("The point of contact is saved."))
                return redirect("states:detail", iso3=state.iso3)
        return self._render(request, state, scope, form, status=400)

    def _render(
        self,
        request: HttpRequest,
        state: State,
        scope: str,
        form: PointOfContactForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {"state": state, "scope_label": ContactScope(scope).label, "form": form}
        return render(request, "states/contact_form.html", context, status=status)
