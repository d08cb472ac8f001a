"""A submitted report fills the State's points of contact and marking practice (para 4).

The directory and the practices live in `salw.states`, where the focal point also keeps them
between reports; a submission brings them up to date through the same services.
"""

from typing import Any

from salw.reporting.models import Report
from salw.states.choices import (
    ContactScope,
    ImportMarkElement,
    ManufactureMarkElement,
    YesNoDeveloping,
)
from salw.states.services import save_marking_practice, save_point_of_contact
from salw.states.services.contacts import CONTACT_FIELDS

# Answers of the import-mark question that name an element of the import mark.
_IMPORT_ELEMENTS = {"country": ImportMarkElement.COUNTRY, "year": ImportMarkElement.YEAR}


def _answers(report: Report) -> dict[str, Any]:
    return {a.question.qid: a.value for a in report.answers.select_related("question")}


def contacts_from_report(report: Report, actor: Any) -> None:
    """Questions 1.2.1 and 1.2.3 (by stable id) become the State's points of contact."""
    values = _answers(report)
    poa, iti = values.get("poa_contact_details"), values.get("iti_contact_details")
    if values.get("iti_same_contact") == "yes":
        iti, scopes = None, [(ContactScope.BOTH, poa)]
    else:
        scopes = [(ContactScope.POA, poa), (ContactScope.ITI, iti)]
    for scope, details in scopes:
        if not details or not details.get("name"):
            continue
        given = {field: (details.get(field) or "").strip() for field in CONTACT_FIELDS}
        save_point_of_contact(report.state, scope, given, actor=actor)


def marking_from_report(report: Report, actor: Any) -> None:
    """The marking questions (by stable id) become the State's marking practice."""
    values = _answers(report)
    practice: dict[str, Any] = {}
    if values.get("manufacture_marking_required") == "yes":
        practice["manufacture_elements"] = [
            e for e in values.get("manufacture_mark_content") or [] if e in ManufactureMarkElement
        ]
        if values.get("manufacture_mark_polymer"):
            practice["polymer_rule"] = values["manufacture_mark_polymer"]
    for field, qid in (
        ("import_marking", "import_marking_required"),
        ("state_forces_marking", "state_forces_marking"),
        ("civilian_transfer_marking", "civilian_transfer_marking"),
    ):
        if values.get(qid) in YesNoDeveloping.values:
            practice[field] = values[qid]
    if values.get("import_marking_required") == "yes":
        elements = [
            _IMPORT_ELEMENTS[e]
            for e in values.get("import_mark_content") or []
            if e in _IMPORT_ELEMENTS
        ]
        if values.get("import_unique_mark") == "yes":
            elements.append(ImportMarkElement.UNIQUE_MARK)
        practice["import_elements"] = elements
    if practice:
        save_marking_practice(report.state, practice, actor=actor)
