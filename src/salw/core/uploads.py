"""Checks on uploaded files: what arrives from a browser is never trusted."""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from salw.core.downloads import attach

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A small file can still declare a huge canvas (a "decompression bomb"); refuse it.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def check_image(upload: UploadedFile, *, field: str = "image") -> str:
    """The file extension to store the image under, once it is known to be a sane image."""
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            {
                field: _("The image is larger than %(limit)s MB.")
                % {"limit": MAX_IMAGE_BYTES // 2**20}
            }
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as broken:
        raise ValidationError(
            {field: _("This file is not an image in JPEG, PNG or WebP format.")}
        ) from broken
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError({field: _("This file is not an image in JPEG, PNG or WebP format.")})
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError({field: _("The image has too many pixels; send a smaller one.")})
    return IMAGE_FORMATS[image_format]


class PhotoForm(forms.Form):
    """A photo and its caption; the file itself is checked by `check_image` in the service."""

    image = forms.FileField(
        label=gettext_lazy("Photo (JPEG, PNG or WebP, up to 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=200, required=False)


def image_response(image: FieldFile, *, public: bool) -> FileResponse:
    """A stored image (saved under a name ending in its checked format) with its content type;
    cached by browsers, and by shared caches only when `public`."""
    extension = image.name.rsplit(".", 1)[-1]
    response = FileResponse(image.open("rb"), content_type=CONTENT_TYPES[extension])
    attach(response, image.name, inline=True)
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    return response
