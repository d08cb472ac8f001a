"""Photos of the weapon as seen, sent with a tracing request."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestPhotoQuerySet(models.QuerySet):
    """A photo is seen by whoever sees its request."""

    def visible_to(self, user: Any) -> "RequestPhotoQuerySet":
        from salw.tracing.models import TracingRequest  # the request's own rule decides

        return self.filter(request__in=TracingRequest.objects.visible_to(user))

    def editable_by(self, user: Any) -> "RequestPhotoQuerySet":
        return self.none()  # photos are never changed; a new one is added instead


def _photo_path(instance: Any, filename: str) -> str:
    return f"tracing/requests/{instance.request_id}/{filename}"


class RequestPhoto(models.Model):
    """A photo of the weapon or its marks, added by the requesting State while drafting."""

    request = models.ForeignKey(
        "tracing.TracingRequest", on_delete=models.PROTECT, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = RequestPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo of the weapon as seen")
        verbose_name_plural = _("photos of the weapon as seen")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
