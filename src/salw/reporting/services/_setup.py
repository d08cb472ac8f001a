"""Meetings, reporting cycles and template versions (the secretariat's data)."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.permissions import require_role
from salw.reporting.meetings_data import CYCLE_KINDS, shipped_meetings
from salw.reporting.models import (
    Meeting,
    Question,
    ReportingCycle,
    Section,
    TemplateText,
    TemplateVersion,
)
from salw.reporting.models.reports import SECRETARIAT_ROLES
from salw.reporting.template_file import TemplateFileError, parse_template


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
