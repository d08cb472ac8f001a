"""Photos of the weapon as seen: added to a draft by the requester, seen by both States."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from salw.accounts.choices import Role
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.tracing.models import TracingRequest
from salw.tracing.models_photos import RequestPhoto
from salw.tracing.services import add_request_photo

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class RequestPhotoForm(forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Photo (JPEG, PNG or WebP, up to 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=200, required=False)


class RequestPhotoAddView(RoleRequiredMixin, View):
    required_roles = (Role.TRACING_OFFICER,)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tracing_request = get_visible_or_404(TracingRequest.objects.all(), request.user, pk=pk)
        form = RequestPhotoForm(request.POST, request.FILES)
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
        extension = photo.image.name.rsplit(".", 1)[-1]
        response = FileResponse(photo.image.open("rb"), content_type=CONTENT_TYPES[extension])
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response
