from salw.states.models.contacts import PointOfContact, PointOfContactQuerySet
from salw.states.models.geography import (
    NamedInLanguages,
    Region,
    RegionName,
    State,
    StateName,
    StateQuerySet,
    StateStatus,
    language_key,
)
from salw.states.models.marking import MarkingExample, MarkingPractice

__all__ = [
    "MarkingExample",
    "MarkingPractice",
    "NamedInLanguages",
    "PointOfContact",
    "PointOfContactQuerySet",
    "Region",
    "RegionName",
    "State",
    "StateName",
    "StateQuerySet",
    "StateStatus",
    "language_key",
]
