"""Photos of marks: worn or partial marks are read again from them (ITI para 12 records)."""

import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from salw.core.text import clean_text
from salw.core.uploads import check_image
from salw.registry.models import Marking, MarkingPhoto
from salw.registry.services.access import editable


@transaction.atomic
def add_marking_photo(
    marking: Marking, image: UploadedFile, *, caption: str = "", actor: Any
) -> MarkingPhoto:
    """Keep a checked photo with the mark. The file is stored under a name of our own making,
    never the uploader's; photos are never replaced or deleted."""
    marking = editable(marking, actor)
    extension = check_image(image)
    photo = MarkingPhoto(marking=marking, caption=clean_text(caption)[:200], uploaded_by=actor)
    photo.image.save(f"{secrets.token_hex(16)}.{extension}", image, save=False)
    photo.save()
    return photo
