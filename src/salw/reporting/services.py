"""Changes to national reports, templates and meetings: every write goes through one of these.

Pages, the API, the CLI and workbook imports call the same functions, so the permission checks,
validation and history are the same for all of them.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.accounts.choices import Role
from salw.accounts.models import User
from salw.core.permissions import get_editable_or_404, get_visible_or_404, require_role
from salw.reporting import search
from salw.reporting.answers import SectionGaps, clean_value, completeness
from salw.reporting.carry import carry_value, map_questions
from salw.reporting.choices import LANGUAGES, ReportEventKind, ReportStatus, Visibility
from salw.reporting.meetings_data import CYCLE_KINDS, shipped_meetings
from salw.reporting.models import (
    Answer,
    AnswerRevision,
    Meeting,
    Question,
    Reminder,
    Report,
    ReportEvent,
    ReportingCycle,
    Section,
    TemplateText,
    TemplateVersion,
)
from salw.reporting.models.reports import DRAFTING_ROLES, SECRETARIAT_ROLES
from salw.reporting.template_file import TemplateFileError, parse_template
from salw.states.models import State, language_key


class StaleEdit(Exception):
    """Someone saved these questions after the editor loaded them; nothing was written."""

    def __init__(self, questions: list[Question]) -> None:
        super().__init__([q.number for q in questions])
        self.questions = questions


class SubmissionRefused(Exception):
    """The report cannot be submitted yet; `gaps` says what is missing, section by section."""

    def __init__(self, gaps: list[SectionGaps]) -> None:
        super().__init__([g.number for g in gaps])
        self.gaps = gaps


@dataclass
class CarryOver:
    """What copy-forward took from the previous report, and what it could not."""

    source: Report | None = None
    carried: list[tuple[Question, Question]] = field(default_factory=list)
    not_carried: list[Question] = field(default_factory=list)


def _require_secretariat(actor: User | None) -> None:
    # None: a command run on the server by its operator, attributed by `acting_as`.
    if actor is not None:
        require_role(actor, *SECRETARIAT_ROLES)


@transaction.atomic
def load_meetings(*, actor: User | None = None) -> int:
    """Create the shipped meetings and their reporting cycles that are missing; returns how many.

    Existing rows are left as they are, so a due date the secretariat changed stays changed.
    """
    _require_secretariat(actor)
    created = 0
    for row in shipped_meetings():
        meeting, new = Meeting.objects.get_or_create(
            code=row.code,
            defaults={
                "kind": row.kind,
                "number": row.number,
                "year": row.year,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
            },
        )
        created += int(new)
        if row.kind in CYCLE_KINDS and not ReportingCycle.objects.filter(meeting=meeting).exists():
            ReportingCycle.objects.create(meeting=meeting, due_on=row.default_due_date())
    return created


@transaction.atomic
def add_meeting(
    *,
    code: str,
    kind: str,
    number: int,
    year: int,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    template: TemplateVersion | None = None,
    actor: User | None = None,
) -> ReportingCycle:
    """Add the next meeting and the reporting cycle that leads to it."""
    _require_secretariat(actor)
    meeting = Meeting(
        code=code, kind=kind, number=number, year=year, starts_on=starts_on, ends_on=ends_on
    )
    meeting.full_clean()
    meeting.save()
    cycle = ReportingCycle(meeting=meeting, due_on=due_on, template=template)
    cycle.save()
    return cycle


@transaction.atomic
def set_cycle(
    cycle: ReportingCycle,
    *,
    due_on: datetime.date | None = None,
    template: TemplateVersion | None = None,
    actor: User | None = None,
) -> ReportingCycle:
    """Change a cycle's due date or template (the template only while no report uses it)."""
    _require_secretariat(actor)
    if due_on is not None:
        cycle.due_on = due_on
    if template is not None and template != cycle.template:
        if cycle.reports.exists():
            raise ValidationError(
                _("Reports of this cycle already use template %(code)s.")
                % {"code": cycle.template.code if cycle.template else "—"}
            )
        cycle.template = template
    cycle.save()
    return cycle


@transaction.atomic
def load_template(
    content: str | bytes, *, cycles: list[str] | None = None, actor: User | None = None
) -> tuple[TemplateVersion, bool]:
    """Store a template file as a new version (idempotent for the same file); returns
    (version, created). A different file under a code already loaded is refused: give it a
    new code, so reports answered on the old version keep their questions."""
    _require_secretariat(actor)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    spec = parse_template(raw)
    digest = hashlib.sha256(raw).hexdigest()
    existing = TemplateVersion.objects.filter(code=spec.code).first()
    if existing is not None:
        if existing.source_sha256 == digest:
            return existing, False
        raise TemplateFileError(
            [
                _(
                    "Template %(code)s is already loaded with other content; "
                    "load it under a new code."
                )
                % {"code": spec.code}
            ]
        )
    version = TemplateVersion.objects.create(
        code=spec.code, year=spec.year, reconstruction=spec.reconstruction, source_sha256=digest
    )
    texts = dict(spec.texts)
    position = 0
    for section_position, section_spec in enumerate(spec.sections):
        section = Section.objects.create(
            template=version,
            key=section_spec.key,
            number=section_spec.number,
            position=section_position,
        )
        texts[f"section:{section_spec.key}"] = section_spec.title
        for q in section_spec.questions:
            Question.objects.create(
                template=version,
                section=section,
                qid=q.qid,
                number=q.number,
                source_ref=q.source_ref,
                kind=q.kind,
                required=q.required,
                options=q.options,
                columns=q.columns,
                show_if=q.show_if,
                min_value=q.min_value,
                max_value=q.max_value,
                maps_from=q.maps_from,
                inferred=q.inferred,
                position=position,
            )
            position += 1
            texts.update(q.texts)
    # Texts are many and fixed by the file, whose hash the audited version row carries.
    TemplateText.objects.bulk_create(
        TemplateText(template=version, key=key, language=language, text=text)
        for key, by_language in texts.items()
        for language, text in by_language.items()
    )
    for code in spec.cycles if cycles is None else cycles:
        cycle = ReportingCycle.objects.filter(meeting__code=code).first()
        if cycle is None:
            raise TemplateFileError([_("There is no cycle “%(code)s”.") % {"code": code}])
        if cycle.template_id is None:
            cycle.template = version
            cycle.save(update_fields=["template"])
    return version, True


def _check_drafter(state: State, actor: User) -> None:
    require_role(actor, *DRAFTING_ROLES)
    if actor.state_id != state.pk:
        raise PermissionDenied


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
    report = Report.objects.create(
        state=state, cycle=cycle, template=cycle.template, language=language, revision=1
    )
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


@transaction.atomic
def submit_report(report: Report, *, actor: User) -> Report:
    """Submit the draft: the focal point alone, and only when nothing required is missing."""
    report = get_editable_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    require_role(actor, Role.FOCAL_POINT)
    gaps = gaps_of(report)
    if gaps:
        raise SubmissionRefused(gaps)
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
    transaction.on_commit(lambda: search.index_report(report.pk))
    return report


@transaction.atomic
def amend_report(report: Report, *, actor: User) -> Report:
    """Start the next version of a submitted report, beginning with its answers."""
    report = get_visible_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    _check_drafter(report.state, actor)
    require_role(actor, Role.FOCAL_POINT)
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
    """Publish the report (the default) or keep it confidential: the State's focal point."""
    report = get_visible_or_404(Report.objects.select_for_update(), actor, pk=report.pk)
    _check_drafter(report.state, actor)
    require_role(actor, Role.FOCAL_POINT)
    if visibility not in Visibility.values:
        raise ValidationError(_("Unknown publication choice."))
    if report.visibility != visibility:
        report.visibility = visibility
        report.save(update_fields=["visibility", "updated_at"])
        _event(report, ReportEventKind.VISIBILITY, actor, visibility=visibility)
        transaction.on_commit(lambda: search.index_report(report.pk))
    return report


@transaction.atomic
def import_workbook(report: Report, data: bytes, *, actor: User) -> Report:
    """Save the answers of a filled offline workbook: all of them, or none (WorkbookError names
    each bad cell; answers changed by someone else since the export raise StaleEdit)."""
    from salw.reporting.workbook import WorkbookError, read_workbook

    report = get_editable_or_404(Report.objects.all(), actor, pk=report.pk)
    given = read_workbook(data, report)
    try:
        return save_answers(report, given.values, base_revision=given.revision, actor=actor)
    except ValidationError as refused:
        problems = [
            _("Cell %(cell)s: %(reason)s") % {"cell": given.cells.get(qid, qid), "reason": message}
            for qid, messages in refused.message_dict.items()
            for message in messages
        ]
        raise WorkbookError(problems) from refused


@transaction.atomic
def send_reminders(
    cycle: ReportingCycle, *, actor: User | None, states: list[State] | None = None
) -> int:
    """E-mail the focal points of States that have not submitted for `cycle` (or of `states`),
    each in the focal point's language; returns how many States were reminded."""
    from django.core.mail import EmailMessage, get_connection
    from django.utils import translation

    _require_secretariat(actor)
    submitted = set(
        Report.objects.filter(cycle=cycle, status=ReportStatus.SUBMITTED).values_list(
            "state_id", flat=True
        )
    )
    focal_points = (
        User.objects.filter(
            role_grants__role=Role.FOCAL_POINT, organisation__state__isnull=False, is_active=True
        )
        .exclude(email="")
        .exclude(organisation__state_id__in=submitted)
        .select_related("organisation__state")
    )
    if states is not None:
        focal_points = focal_points.filter(organisation__state__in=states)
    by_state: dict[int, list[User]] = {}
    for person in focal_points:
        by_state.setdefault(person.organisation.state_id, []).append(person)
    mails = []
    for state_id, people in by_state.items():
        Reminder.objects.create(
            cycle=cycle, state_id=state_id, recipients=len(people), sent_by=actor
        )
        for person in people:
            with translation.override(person.language or "en"):
                subject = _("National report for %(meeting)s: due %(due)s") % {
                    "meeting": cycle.meeting.name,
                    "due": cycle.due_on.isoformat(),
                }
                body = _(
                    "Dear colleague,\n\nThe national report of %(state)s on the Programme of "
                    "Action and the International Tracing Instrument for %(meeting)s is due on "
                    "%(due)s and has not been submitted yet. You can continue the draft, or start "
                    "it from your last report, in salw under “National reports”.\n\n"
                    "United Nations Office for Disarmament Affairs"
                ) % {
                    "state": person.organisation.state.name,
                    "meeting": cycle.meeting.name,
                    "due": cycle.due_on.isoformat(),
                }
            mails.append(EmailMessage(subject, body, to=[person.email]))
    transaction.on_commit(lambda: get_connection().send_messages(mails))
    return len(by_state)
