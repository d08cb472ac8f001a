"""A State's report from first draft to submission, amendment and publication."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.core.permissions import get_editable_or_404, get_visible_or_404, require_write
from salw.reporting import search
from salw.reporting.answers import SectionGaps, clean_value, completeness, label_in_sentence
from salw.reporting.carry import carry_value, map_questions
from salw.reporting.choices import (
    CONTACT_LABELS,
    LANGUAGES,
    ReportEventKind,
    ReportStatus,
    Visibility,
)
from salw.reporting.disclosure import PUBLISH_PERSON
from salw.reporting.models import (
    Answer,
    AnswerRevision,
    Question,
    Report,
    ReportEvent,
    ReportingCycle,
)
from salw.reporting.models.reports import DRAFTING_ROLES
from salw.reporting.services._directory import (
    contacts_from_report,
    derived_record_problems,
    directory_follows_publication,
    marking_from_report,
)
from salw.states.models import State, language_key


class StaleEdit(Exception):
    """Someone saved these questions after the editor loaded them; nothing was written."""

    def __init__(self, questions: list[Question]) -> None:
        super().__init__([q.number for q in questions])
        self.questions = questions


@dataclass
class Problem:
    """One thing that stops a submission, and where to put it right."""

    message: str
    section: str = ""  # the section's key; "" for the publication choice on the check page
    field: str = ""  # the form field: a question id, `<question id>__<part>`, or "publication"


class SubmissionRefused(Exception):
    """The report cannot be submitted yet: `problems` lists each thing with where to fix it;
    `gaps` are the missing answers section by section."""

    def __init__(self, problems: list[Problem], gaps: list[SectionGaps] | None = None) -> None:
        super().__init__([p.message for p in problems])
        self.problems = problems
        self.gaps = gaps or []


@dataclass
class CarryOver:
    """What copy-forward took from the previous report, and what it could not."""

    source: Report | None = None
    carried: list[tuple[Question, Question]] = field(default_factory=list)
    not_carried: list[Question] = field(default_factory=list)


def _check_drafter(state: State, actor: User) -> None:
    require_write(actor, state.pk, *DRAFTING_ROLES)


def _event(report: Report, kind: str, actor: User | None, **payload: Any) -> None:
    ReportEvent.objects.create(report=report, kind=kind, actor=actor, payload=payload)


def _write_answer(report: Report, question: Question, value: Any, actor: User | None) -> None:
    Answer.objects.update_or_create(
        report=report,
        question=question,
        defaults={"value": value, "revision": report.revision, "saved_by": actor},
    )
    AnswerRevision.objects.create(
        report=report, question=question, revision=report.revision, value=value, saved_by=actor
    )


def last_submitted(state: State, before: ReportingCycle) -> Report | None:
    """The State's latest submitted version of its most recent earlier cycle."""
    return (
        Report.objects.filter(
            state=state,
            status=ReportStatus.SUBMITTED,
            superseded=False,
            cycle__due_on__lt=before.due_on,
        )
        .order_by("-cycle__due_on")
        .first()
    )


@transaction.atomic
def start_report(
    state: State,
    cycle: ReportingCycle,
    *,
    actor: User,
    language: str = "en",
    copy_forward: bool = True,
) -> tuple[Report, CarryOver]:
    """Open the State's draft for a cycle, pre-filled from its last submitted report."""
    _check_drafter(state, actor)
    language = language_key(language)
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language “%(language)s”.") % {"language": language})
    if cycle.template_id is None:
        raise ValidationError(_("This reporting cycle has no template yet."))
    if Report.objects.filter(state=state, cycle=cycle).exists():
        raise ValidationError(
            _("Your State already has a report for this cycle: open it, or amend it.")
        )
    try:
        with transaction.atomic():  # a savepoint: two people starting at once meet the constraint
            report = Report.objects.create(
                state=state, cycle=cycle, template=cycle.template, language=language, revision=1
            )
    except IntegrityError as twice:
        raise ValidationError(
            _("Your State already has a report for this cycle: open it, or amend it.")
        ) from twice
    carry = CarryOver()
    if copy_forward:
        carry = _copy_forward(report, actor)
    _event(
        report,
        ReportEventKind.STARTED,
        actor,
        copied_from=carry.source.pk if carry.source else None,
        not_carried=[q.number for q in carry.not_carried],
    )
    return report, carry


def _copy_forward(report: Report, actor: User) -> CarryOver:
    source = last_submitted(report.state, report.cycle)
    carry = CarryOver(source=source)
    if source is None:
        return carry
    old_answers = {
        a.question_id: a for a in source.answers.select_related("question") if a.value is not None
    }
    mapping = map_questions(
        [a.question for a in old_answers.values()], list(report.template.questions.all())
    )
    carry.not_carried = list(mapping.unmatched)
    for old_id, new_question in mapping.pairs.items():
        old = old_answers[old_id]
        fits, value = carry_value(old.question, new_question, old.value)
        if fits:
            _write_answer(report, new_question, value, actor)
            carry.carried.append((old.question, new_question))
        else:
            carry.not_carried.append(old.question)
    carry.not_carried.sort(key=lambda q: q.position)
    return carry


@transaction.atomic
def save_answers(
    report: Report, values: dict[str, Any], *, base_revision: int, actor: User
) -> Report:
    """Save answers typed by question id. Refused as a whole when any value is invalid
    (ValidationError by question id) or when another person changed one of the same questions
    since `base_revision`, the revision the editor loaded (StaleEdit)."""
    report = get_editable_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    _check_drafter(report.state, actor)
    questions = {q.qid: q for q in report.template.questions.select_related("section")}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for qid, raw in values.items():
        question = questions.get(qid)
        if question is None:
            errors[qid] = [_("There is no such question in this template.")]
            continue
        try:
            cleaned[qid] = clean_value(question, raw)
        except ValidationError as error:
            errors[qid] = error.messages
    if errors:
        raise ValidationError(errors)
    current = {a.question.qid: a for a in report.answers.select_related("question")}
    changed = [
        qid
        for qid, value in cleaned.items()
        if (current[qid].value if qid in current else None) != value
    ]
    stale = [
        questions[qid]
        for qid in changed
        if qid in current and current[qid].revision > base_revision
    ]
    if stale:
        raise StaleEdit(stale)
    if not changed:
        return report
    report.revision += 1
    report.save(update_fields=["revision", "updated_at"])
    for qid in changed:
        _write_answer(report, questions[qid], cleaned[qid], actor)
    _event(report, ReportEventKind.SAVED, actor, revision=report.revision, questions=changed)
    return report


def answer_values(report: Report) -> dict[str, Any]:
    return {a.question.qid: a.value for a in report.answers.select_related("question")}


def gaps_of(report: Report, language: str | None = None) -> list[SectionGaps]:
    """What stops the report from being submitted, per section, in `language`."""
    questions = list(report.template.questions.select_related("section"))
    return completeness(questions, answer_values(report), report.template.texts_in(language))


def submission_problems(
    report: Report, language: str | None = None
) -> tuple[list[Problem], list[SectionGaps]]:
    """Everything that stops the report from being submitted, in `language`, each with its
    section and field: required answers missing, answers a skip rule excludes, the publication
    choice not made, and what the State's points of contact or marking practice would refuse."""
    gaps = gaps_of(report, language)
    questions = {q.qid: q for q in report.template.questions.select_related("section")}
    problems: list[Problem] = []
    for gap in gaps:
        for question, message in zip(
            gap.missing + gap.skipped_but_answered, gap.messages, strict=True
        ):
            problems.append(Problem(message, question.section.key, question.qid))
    if report.visibility not in Visibility.values:
        problems.append(
            Problem(
                _("Choose whether the report is published or kept confidential."),
                field="publication",
            )
        )
    texts = report.template.texts_in(language)
    for qid, part, message in derived_record_problems(report):
        question = questions.get(qid)
        if question is None:  # a record field no question feeds: name the record's rule
            problems.append(Problem(message))
            continue
        part_label = str(CONTACT_LABELS.get(part, "")) if part else ""
        label = label_in_sentence(question.label(texts))
        problems.append(
            Problem(
                _("%(number)s %(question)s: %(reason)s")
                % {
                    "number": question.number,
                    "question": f"{label} — {part_label}" if part_label else label,
                    "reason": message,
                },
                question.section.key,
                f"{qid}__{part}" if part else qid,
            )
        )
    return problems, gaps


@transaction.atomic
def submit_report(report: Report, *, actor: User) -> Report:
    """Submit the draft: the focal point alone, once the publication is chosen and nothing is
    missing or refused (SubmissionRefused lists it); all of it, records it feeds included, in
    one transaction."""
    report = get_editable_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    require_write(actor, report.state_id, Role.FOCAL_POINT)
    problems, gaps = submission_problems(report)
    if problems:
        raise SubmissionRefused(problems, gaps)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save()
    if report.amends_id:
        previous = Report.objects.get(pk=report.amends_id)
        previous.superseded = True
        previous.save(update_fields=["superseded"])
        transaction.on_commit(lambda: search.index_report(previous.pk))
    _event(report, ReportEventKind.SUBMITTED, actor, version=report.version)
    try:
        contacts_from_report(report, actor)
        marking_from_report(report, actor)
    except ValidationError as refused:  # checked above; a rule added later still never 500s
        raise SubmissionRefused([Problem(message) for message in refused.messages]) from refused
    transaction.on_commit(lambda: search.index_report(report.pk))
    return report


@transaction.atomic
def amend_report(report: Report, *, actor: User) -> Report:
    """Start the next version of a submitted report, beginning with its answers."""
    report = get_visible_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    require_write(actor, report.state_id, Role.FOCAL_POINT)
    if report.status != ReportStatus.SUBMITTED or report.superseded:
        raise ValidationError(_("Only the latest submitted version can be amended."))
    if Report.objects.filter(state=report.state, cycle=report.cycle, status="draft").exists():
        raise ValidationError(_("An amendment of this report is already being drafted."))
    amendment = Report.objects.create(
        state=report.state,
        cycle=report.cycle,
        template=report.template,
        version=report.version + 1,
        amends=report,
        visibility=report.visibility,
        language=report.language,
        revision=1,
    )
    for answer in report.answers.select_related("question"):
        _write_answer(amendment, answer.question, answer.value, actor)
    _event(amendment, ReportEventKind.AMENDED, actor, amends=report.pk)
    return amendment


@transaction.atomic
def set_visibility(report: Report, visibility: str, *, actor: User) -> Report:
    """Publish the report or keep it confidential: the State's focal point's explicit choice
    (a new report has none), on the check page before submission or later."""
    report = get_visible_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    require_write(actor, report.state_id, Role.FOCAL_POINT)
    if visibility not in Visibility.values:
        raise ValidationError(_("Unknown publication choice."))
    if report.visibility != visibility:
        report.visibility = visibility
        report.save(update_fields=["visibility", "updated_at"])
        _event(report, ReportEventKind.VISIBILITY, actor, visibility=visibility)
        directory_follows_publication(report, actor)
        transaction.on_commit(lambda: search.index_report(report.pk))
    return report


@transaction.atomic
def import_workbook(report: Report, data: bytes, *, actor: User) -> Report:
    """Save the answers of a filled offline workbook: all of them, or none (WorkbookError names
    each bad cell; answers changed by someone else since the export raise StaleEdit)."""
    from salw.reporting.workbook import WorkbookError, read_workbook

    report = get_editable_or_404(Report.objects.all(), actor, pk=report.pk)
    _check_drafter(report.state, actor)
    given = read_workbook(data, report)
    current = answer_values(report)
    for qid, value in given.values.items():
        kept = current.get(qid)
        if isinstance(kept, dict) and "file" in kept and isinstance(value, str):
            given.values[qid] = {**kept, "reference": value}  # the attached file stays
        if isinstance(kept, dict) and PUBLISH_PERSON in kept and isinstance(value, dict):
            value.setdefault(PUBLISH_PERSON, kept[PUBLISH_PERSON])  # the choice stays
    try:
        return save_answers(report, given.values, base_revision=given.revision, actor=actor)
    except ValidationError as refused:
        problems = [
            _("Cell %(cell)s: %(reason)s") % {"cell": given.cells.get(qid, qid), "reason": message}
            for qid, messages in refused.message_dict.items()
            for message in messages
        ]
        raise WorkbookError(problems) from refused
