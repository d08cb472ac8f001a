"""Search by marks: exact after normalisation, prefix (`AB12*`), and `?` / `*` wildcards.

Every pattern is normalised like the marks themselves, then turned into conditions that an index
on (state, key) answers: an exact match, or a range `key >= prefix AND key < next(prefix)` on
the literal part before the first wildcard, refined by a regular expression only when the pattern
has wildcards inside. A pattern that starts with a wildcard cannot use the index and scans the
State's marks; it is allowed but slower.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from salw.markings.normalise import (
    WILDCARDS,
    literal_prefix,
    normalise_pattern,
    pattern_regex,
    prefix_upper_bound,
)
from salw.registry.choices import EventKind
from salw.registry.models import Marking, WeaponEvent

KEY_FIELDS = ("normalised", "serial_key")


def key_condition(field_name: str, pattern: str) -> Q:
    """The condition on one normalised key column for an already normalised pattern."""
    if not any(char in WILDCARDS for char in pattern):
        return Q(**{field_name: pattern})
    condition = Q()
    prefix = literal_prefix(pattern)
    if prefix:
        condition &= Q(
            **{f"{field_name}__gte": prefix, f"{field_name}__lt": prefix_upper_bound(prefix)}
        )
    if pattern != prefix + "*":
        condition &= Q(**{f"{field_name}__regex": pattern_regex(pattern)})
    return condition


# What the API schema says of a search pattern: a letter or digit, in any script, somewhere in it
# (check_pattern decides; the schema's regex is the same rule for everything but a few
# presentation forms that normalise to nothing).
SEARCHABLE = r"[\p{L}\p{N}]"


def check_pattern(pattern: str) -> str:
    """The normalised pattern; refused when it has no letter or digit to look for (`*`, `-?`),
    which would list every mark of the State. Also the search field's validator."""
    normalised = normalise_pattern(pattern)
    if not normalised.strip("?*"):
        raise ValidationError(
            _("Give at least one letter or digit of the mark to search for."), code="no_character"
        )
    return normalised


def marking_condition(pattern: str, state_id: int | None = None) -> Q:
    """Marks whose whole text or serial matches `pattern` (raw, as typed by the user).

    The State goes inside each branch of the OR: `(state AND text) OR (state AND serial)` lets
    each branch seek its own (state, key) index (SQLite's multi-index OR, PostgreSQL's bitmap
    OR); `state AND (text OR serial)` would make SQLite scan all of the State's marks.
    """
    try:
        normalised = check_pattern(pattern)
    except ValidationError as refused:
        raise ValidationError({"marking": refused.messages}) from refused
    condition = Q()
    for field_name in KEY_FIELDS:
        branch = key_condition(field_name, normalised)
        if state_id is not None:
            branch &= Q(state_id=state_id)
        condition |= branch
    return condition


def markings_matching(user: Any, pattern: str) -> QuerySet:
    """The marks of the user's State that match the pattern."""
    visible = Marking.objects.visible_to(user)
    if visible.query.is_empty():
        return visible
    # visible_to is `state = the user's State`; the condition repeats it inside each OR branch
    # instead of around the OR, which is what lets SQLite seek both key indexes.
    return Marking.objects.filter(marking_condition(pattern, user.state_id))


@dataclass
class MarkingHit:
    """A mark found, the weapon that bears it now, and the weapons that bore it before."""

    marking: Marking
    weapon_id: int | None
    former_weapon_ids: list[int] = field(default_factory=list)


def search_markings(user: Any, pattern: str, limit: int = 100) -> list[MarkingHit]:
    """Marks matching `pattern`, each with its current and former weapons (two queries)."""
    markings = list(
        markings_matching(user, pattern).select_related("component").order_by("id")[:limit]
    )
    component_ids = {m.component_id for m in markings}
    moves = (
        WeaponEvent.objects.visible_to(user)
        .filter(kind=EventKind.COMPONENT_MOVED, component_id__in=component_ids)
        .in_force()
        .order_by("date", "id")
        .values_list("component_id", "from_weapon_id")
    )
    former: dict[int, list[int]] = {}
    for component_id, from_weapon_id in moves:
        if from_weapon_id not in former.setdefault(component_id, []):
            former[component_id].append(from_weapon_id)
    return [MarkingHit(m, m.component.weapon_id, former.get(m.component_id, [])) for m in markings]
