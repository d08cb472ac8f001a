"""Photos of the weapon as seen: added to a draft by the requester, seen by both States."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.core.uploads import PhotoForm, image_response
from salw.tracing.models import TracingRequest
from salw.tracing.models_photos import RequestPhoto
from salw.tracing.services import add_request_photo


class RequestPhotoAddView(RoleRequiredMixin, View):
    required_roles = (Role.TRACING_OFFICER,)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request = get_visible_or_404(TracingRequest.objects.all(), request.user, pk=pk)
        form = PhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a photo to add."))
            return redirect("tracing:request", pk=pk)
        try:
            add_request_photo(
                tracing_request,
                form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                actor=request.user,
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("The photo is kept with the request."))
        return redirect("tracing:request", pk=pk)


class RequestPhotoFileView(RoleRequiredMixin, View):
    """The image itself, for the two States' tracing officers only."""

    required_roles = (Role.TRACING_OFFICER,)

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        photo = get_visible_or_404(RequestPhoto.objects.all(), request.user, pk=pk)
        return image_response(photo.image, public=False)
