"""Keeping a State's national marking practices current."""

import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from salw.core.permissions import get_editable_or_404
from salw.core.uploads import check_image
from salw.states.models import MarkingExample, MarkingPractice, State

PRACTICE_FIELDS = (
    "manufacture_elements",
    "marked_components",
    "import_marking",
    "import_elements",
    "state_forces_marking",
    "state_forces_mark",
    "civilian_transfer_marking",
    "polymer_rule",
    "modular_rule",
    "removal_measures",
    "confidential",  # given by a submitted report: its publication choice
)


def _editable_state(state: State, actor: Any) -> State:
    return get_editable_or_404(State.objects.all(), actor, read_only_is_404=True, pk=state.pk)


@transaction.atomic
def save_marking_practice(state: State, values: dict[str, Any], *, actor: Any) -> MarkingPractice:
    """Create or update the State's marking practice; the change log keeps every version."""
    state = _editable_state(state, actor)
    practice, _created = MarkingPractice.objects.get_or_create(state=state)
    for field in PRACTICE_FIELDS:
        if field in values:
            setattr(practice, field, values[field])
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def add_marking_example(
    state: State, image: UploadedFile, *, kind: str, caption: str, actor: Any
) -> MarkingExample:
    """Add a checked image of a national mark to the State's marking practice."""
    state = _editable_state(state, actor)
    image_format = check_image(image)
    practice, _created = MarkingPractice.objects.get_or_create(state=state)
    example = MarkingExample(
        practice=practice,
        kind=kind,
        caption=caption,
        image_format=image_format,
        token=secrets.token_hex(16),
    )
    example.image = image
    example.full_clean(exclude=["image"])
    example.save()
    return example


@transaction.atomic
def withdraw_marking_example(example: MarkingExample, *, actor: Any) -> MarkingExample:
    """Hide an example from the practice; the file and its record are kept."""
    _editable_state(example.practice.state, actor)
    if example.withdrawn_at is None:
        example.withdrawn_at = timezone.now()
        example.save(update_fields=["withdrawn_at"])
    return example
