"""Lining up questions of two template versions: by stable id, then by source reference.

Used to copy a report forward to a new cycle and to compare answers across cycles. Question
numbers and wording change between versions; the stable id and the source reference
(`PoA II.4`, `ITI 25`) do not.
"""

from dataclasses import dataclass, field

from salw.reporting.choices import CHOICE_KINDS, QuestionKind
from salw.reporting.models import Question

# Kinds whose stored values mean the same thing, so an answer can move between them.
_COMPATIBLE = [
    {QuestionKind.YES_NO_DEVELOPING, QuestionKind.YES_NO},
    {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT},
]


def kinds_compatible(old: Question, new: Question) -> bool:
    if old.kind == new.kind:
        return True
    return any({old.kind, new.kind} <= group for group in _COMPATIBLE)


def _normalised_ref(ref: str) -> str:
    return " ".join(ref.replace("[", "").replace("]", "").split()).lower()


@dataclass
class QuestionMap:
    """Which new question takes over each old one; the old ones that found no place."""

    pairs: dict[int, Question] = field(default_factory=dict)  # old question id → new question
    unmatched: list[Question] = field(default_factory=list)


def map_questions(old_questions: list[Question], new_questions: list[Question]) -> QuestionMap:
    """Match in order: the new question's `maps_from`, the same stable id, then a source
    reference that only one question of each version carries (with a compatible kind)."""
    result = QuestionMap()
    by_qid = {q.qid: q for q in new_questions}
    explicit = {old_id: q for q in new_questions for old_id in q.maps_from}
    new_by_ref: dict[str, list[Question]] = {}
    old_by_ref: dict[str, list[Question]] = {}
    for q in new_questions:
        if q.source_ref:
            new_by_ref.setdefault(_normalised_ref(q.source_ref), []).append(q)
    for q in old_questions:
        if q.source_ref:
            old_by_ref.setdefault(_normalised_ref(q.source_ref), []).append(q)
    taken: set[int] = set()
    for old in old_questions:
        candidate = explicit.get(old.qid) or by_qid.get(old.qid)
        if candidate is None and old.source_ref:
            ref = _normalised_ref(old.source_ref)
            same_ref = new_by_ref.get(ref, [])
            if len(same_ref) == 1 and len(old_by_ref.get(ref, [])) == 1:
                candidate = same_ref[0]
        if candidate is None or candidate.pk in taken or not kinds_compatible(old, candidate):
            result.unmatched.append(old)
            continue
        taken.add(candidate.pk)
        result.pairs[old.pk] = candidate
    return result


def carry_value(old: Question, new: Question, value: object) -> tuple[bool, object]:
    """The value translated to the new question, or (False, None) if it no longer fits."""
    if value is None:
        return False, None
    if new.kind in CHOICE_KINDS:
        values = value if isinstance(value, list) else [value]
        if not all(str(v) in new.options for v in values):
            return False, None
    return True, value
