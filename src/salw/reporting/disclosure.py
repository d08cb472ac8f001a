"""What the public sees of a report: the one rule every public output goes through.

A report is public only when it is submitted, the latest version, and the State chose to
publish it; otherwise the public sees none of it. In a published report each contact block
shows the body (the organisation) and nothing of the person (title, name, position, address,
telephone, e-mail) unless the State ticked "publish this contact person" for that block.
The public page, its PDF, the public API, the cycle's answers CSV, the country profiles and
the search index and excerpts all read answers through `public_answers` or `public_value`;
docs/security.md ("What the public sees of a report") describes it for readers.
"""

from collections.abc import Mapping
from typing import Any

from salw.reporting.choices import CONTACT_FIELDS, QuestionKind, ReportStatus, Visibility
from salw.reporting.models import Question, Report
from salw.states.choices import CONTACT_BODY_FIELDS

# The key of a contact answer that records the State's choice to publish the person.
PUBLISH_PERSON = "publish"


def is_public(report: Report) -> bool:
    """True when the public may read the report at all (see ReportQuerySet.published)."""
    return (
        report.status == ReportStatus.SUBMITTED
        and report.visibility == Visibility.PUBLISHED
        and not report.superseded
    )


def public_contact(value: Mapping[str, Any]) -> dict[str, str] | None:
    """A contact answer as the public may read it: the body, and the person only if chosen."""
    if value.get(PUBLISH_PERSON) is True:
        shown = {name: value.get(name) or "" for name in CONTACT_FIELDS}
    else:
        shown = {name: value.get(name) or "" for name in CONTACT_BODY_FIELDS}
    return shown if any(shown.values()) else None


def public_value(question: Question, value: Any) -> Any:
    """One answer of a published report as the public may read it (None: nothing to show)."""
    if question.kind == QuestionKind.CONTACT and isinstance(value, Mapping):
        return public_contact(value)
    return value


def public_answers(report: Report) -> dict[int, Any]:
    """The report's answers by question pk as the public may read them; empty when the report
    is not public (confidential, undecided, a draft or an older version)."""
    if not is_public(report):
        return {}
    found = {}
    for answer in report.answers.select_related("question"):
        value = public_value(answer.question, answer.value)
        if value is not None:
            found[answer.question_id] = value
    return found
