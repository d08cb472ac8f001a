"""Photos of a mark: shown to the State's registry users, added by its record keepers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.core.uploads import PhotoForm, image_response
from salw.registry.models import Marking, MarkingPhoto
from salw.registry.models.scope import READ_ROLES, WRITE_ROLES
from salw.registry.services import add_marking_photo


class MarkingPhotosView(RoleRequiredMixin, View):
    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        marking = get_visible_or_404(Marking.objects.all(), request.user, pk=pk)
        return self._render(request, marking, PhotoForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        marking = get_visible_or_404(Marking.objects.all(), request.user, pk=pk)
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                add_marking_photo(
                    marking,
                    form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                    actor=request.user,
                )
            except ValidationError as refused:
                for errors in refused.message_dict.values():
                    form.add_error("image", errors)
            else:
                messages.success(request, _("The photo is kept with the mark."))
                return redirect("registry:mark-photos", pk=marking.pk)
        return self._render(request, marking, form, status=400)

    def _render(
        self, request: HttpRequest, marking: Marking, form: PhotoForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "marking": marking,
            "weapon_id": marking.component.weapon_id,
            "photos": marking.photos.order_by("uploaded_at"),
            "form": form,
            "can_edit": request.user.has_role(*WRITE_ROLES),
        }
        return render(request, "registry/marking_photos.html", context, status=status)


class PhotoFileView(RoleRequiredMixin, View):
    """The image itself: a national record, so only the State's registry users see it."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        photo = get_visible_or_404(MarkingPhoto.objects.all(), request.user, pk=pk)
        return image_response(photo.image, public=False)
