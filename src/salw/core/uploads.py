"""Checks on uploaded files: what arrives from a browser is never trusted."""

import warnings
import zipfile
from typing import Any

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
    not_an_image = ValidationError(
        {field: _("This file is not an image in JPEG, PNG or WebP format.")}
    )
    too_many_pixels = ValidationError(
        {field: _("The image has too many pixels; send a smaller one.")}
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit and refuses above twice it; both are refused here,
            # before a pixel is decoded (opening reads only the header).
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=list(IMAGE_FORMATS)) as image:
                image_format = image.format
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_many_pixels
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as bomb:
        raise too_many_pixels from bomb
    except (OSError, SyntaxError, ValueError, EOFError) as broken:
        raise not_an_image from broken
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise not_an_image
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


# Zip containers (XLSX, and the workbooks of national reports): real ones compress text 5 to
# 50 times; a zip bomb compresses a thousand times and more.
ZIP_MAX_RATIO = 200
ZIP_MAX_MEMBERS = 2000


def check_zip_container(
    source: Any,
    *,
    max_uncompressed: int,
    required: tuple[str, ...],
    member_limits: dict[str, int] | None = None,
    field: str = "file",
) -> None:
    """Refuse what is not a zip holding the `required` members, or what would expand to more
    than `max_uncompressed` bytes (or a member named in `member_limits` to more than its own
    limit), hold too many members or compress suspiciously well. Reads only the zip's
    directory, never a member, so a zip bomb costs nothing to refuse."""
    not_a_workbook = ValidationError({field: _("This is not an XLSX workbook.")})
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as broken:
        raise not_a_workbook from broken
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    total = sum(member.file_size for member in members)
    worst = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    limits = member_limits or {}
    too_big = any(m.file_size > limits.get(m.filename, m.file_size) for m in members)
    if (
        too_big
        or len(members) > ZIP_MAX_MEMBERS
        or total > max_uncompressed
        or worst > ZIP_MAX_RATIO
    ):
        raise ValidationError({field: _("The workbook expands to too much data; it is refused.")})
    names = {member.filename for member in members}
    if not all(name in names for name in required):
        raise not_a_workbook
