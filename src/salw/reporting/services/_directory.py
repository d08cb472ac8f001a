"""A submitted report fills the State's points of contact and marking practice (para 4).

The directory and the practices live in `salw.states`, where the focal point also keeps them
between reports; a submission brings them up to date through the same services.
"""

from typing import Any

from django.core.exceptions import ValidationError

from salw.reporting.choices import ReportStatus, Visibility
from salw.reporting.models import Report
from salw.states.choices import (
    ContactScope,
    ImportMarkElement,
    ManufactureMarkElement,
    YesNoDeveloping,
)
from salw.states.models import MarkingPractice, PointOfContact
from salw.states.services import save_marking_practice, save_point_of_contact
from salw.states.services.contacts import CONTACT_FIELDS

# Answers of the import-mark question that name an element of the import mark.
_IMPORT_ELEMENTS = {"country": ImportMarkElement.COUNTRY, "year": ImportMarkElement.YEAR}


def _answers(report: Report) -> dict[str, Any]:
    return {a.question.qid: a.value for a in report.answers.select_related("question")}


def _contacts(values: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """(question id, scope, point-of-contact fields) for each contact block that names someone."""
    if values.get("iti_same_contact") == "yes":
        scopes = [("poa_contact_details", ContactScope.BOTH)]
    else:
        scopes = [
            ("poa_contact_details", ContactScope.POA),
            ("iti_contact_details", ContactScope.ITI),
        ]
    found = []
    for qid, scope in scopes:
        details = values.get(qid)
        if not details or not details.get("name"):
            continue
        given = {field: (details.get(field) or "").strip() for field in CONTACT_FIELDS}
        found.append((qid, scope, given))
    return found


def _marking(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The marking practice the answers give, and the question id each field comes from."""
    practice: dict[str, Any] = {}
    source: dict[str, str] = {}
    if values.get("manufacture_marking_required") == "yes":
        practice["manufacture_elements"] = [
            e for e in values.get("manufacture_mark_content") or [] if e in ManufactureMarkElement
        ]
        source["manufacture_elements"] = "manufacture_mark_content"
        if values.get("manufacture_mark_polymer"):
            practice["polymer_rule"] = values["manufacture_mark_polymer"]
            source["polymer_rule"] = "manufacture_mark_polymer"
    for field, qid in (
        ("import_marking", "import_marking_required"),
        ("state_forces_marking", "state_forces_marking"),
        ("civilian_transfer_marking", "civilian_transfer_marking"),
    ):
        if values.get(qid) in YesNoDeveloping.values:
            practice[field] = values[qid]
            source[field] = qid
    if values.get("import_marking_required") == "yes":
        elements = [
            _IMPORT_ELEMENTS[e]
            for e in values.get("import_mark_content") or []
            if e in _IMPORT_ELEMENTS
        ]
        if values.get("import_unique_mark") == "yes":
            elements.append(ImportMarkElement.UNIQUE_MARK)
        practice["import_elements"] = elements
        source["import_elements"] = "import_mark_content"
    return practice, source


def _confidential(report: Report) -> bool:
    return report.visibility != Visibility.PUBLISHED


def contacts_from_report(report: Report, actor: Any) -> None:
    """Questions 1.2.1 and 1.2.3 (by stable id) become the State's points of contact; those of
    a confidential report are kept from the public."""
    for _qid, scope, given in _contacts(_answers(report)):
        values = {**given, "confidential": _confidential(report)}
        save_point_of_contact(report.state, scope, values, actor=actor)


def marking_from_report(report: Report, actor: Any) -> None:
    """The marking questions (by stable id) become the State's marking practice; that of a
    confidential report is kept from the public."""
    practice, _source = _marking(_answers(report))
    if practice:
        practice["confidential"] = _confidential(report)
        save_marking_practice(report.state, practice, actor=actor)


def directory_follows_publication(report: Report, actor: Any) -> None:
    """A publication choice changed after submission reaches the points of contact and the
    marking practice this report fed, unless a later submission has fed them since: a report
    made confidential takes even the body of its contacts off the State's public page, and
    one made public again puts it back. Only the flag changes: details edited since stay."""
    if report.status != ReportStatus.SUBMITTED or report.superseded:
        return
    latest = Report.objects.filter(state=report.state, status=ReportStatus.SUBMITTED)
    if latest.order_by("-submitted_at", "-pk").values_list("pk", flat=True).first() != report.pk:
        return
    confidential = {"confidential": _confidential(report)}
    values = _answers(report)
    for _qid, scope, _given in _contacts(values):
        if PointOfContact.objects.filter(state=report.state, scope=scope).exists():
            save_point_of_contact(report.state, scope, confidential, actor=actor)
    if _marking(values)[0] and MarkingPractice.objects.filter(state=report.state).exists():
        save_marking_practice(report.state, confidential, actor=actor)


def derived_record_problems(report: Report) -> list[tuple[str, str, str]]:
    """What the State's points of contact or marking practice would refuse of this report's
    answers, as (question id, part or "", message); checked before submission so that it is
    named on the check page rather than failing the submission."""
    values = _answers(report)
    problems: list[tuple[str, str, str]] = []
    for qid, scope, given in _contacts(values):
        contact = PointOfContact(state=report.state, scope=scope, **given)
        try:
            contact.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                problems += [(qid, field, message) for message in messages]
    practice, source = _marking(values)
    if practice:
        candidate = MarkingPractice(state=report.state, **practice)
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                qid = source.get(field, "")
                problems += [(qid, "", message) for message in messages]
    return problems
