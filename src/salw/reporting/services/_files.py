"""Documents attached to answers (file-upload questions)."""

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salw.accounts.models import User
from salw.core.permissions import get_editable_or_404
from salw.core.text import clean_text
from salw.reporting.choices import QuestionKind
from salw.reporting.models import Report, ReportFile
from salw.reporting.services._drafting import answer_values, save_answers

MAX_FILE_BYTES = 10_000_000
# Accepted documents, recognised by their first bytes (not by the name a browser sends).
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"PK\x03\x04": "application/zip",  # DOCX, XLSX, ODT: zip containers
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def sniff(data: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)


@transaction.atomic
def save_answers_with_files(
    report: Report,
    values: dict[str, Any],
    files: dict[str, tuple[str, bytes]],
    *,
    base_revision: int,
    actor: User,
) -> Report:
    """`save_answers`, plus documents uploaded for file questions (by question id): each is
    checked (size, type by content), stored, and becomes part of its answer. All or nothing."""
    report = get_editable_or_404(Report.objects.all(), actor, pk=report.pk)
    questions = {q.qid: q for q in report.template.questions.filter(kind=QuestionKind.FILE)}
    current = answer_values(report)
    errors: dict[str, list[str]] = {}
    values = dict(values)
    for qid, (name, data) in files.items():
        if qid not in questions:
            errors[qid] = [_("This question takes no file.")]
            continue
        content_type = sniff(data)
        if len(data) > MAX_FILE_BYTES:
            errors[qid] = [_("The file is larger than 10 MB.")]
        elif content_type is None:
            errors[qid] = [_("Attach a PDF, an office document (DOCX, XLSX, ODT) or an image.")]
        if qid in errors:
            continue
        stored = ReportFile.objects.create(
            report=report,
            # A name may carry a right-to-left override ("nap‮fdp.exe" shows as "napexe.pdf").
            name=clean_text(name)[:200],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_by=actor,
        )
        given = values.get(qid, current.get(qid)) or {}
        reference = given.get("reference", "") if isinstance(given, dict) else str(given)
        values[qid] = {
            "reference": reference,
            "file": stored.pk,
            "name": stored.name,
            "size": stored.size,
        }
    if errors:
        raise ValidationError(errors)
    return save_answers(report, values, base_revision=base_revision, actor=actor)


def file_of_answer(report: Report, file_id: int) -> ReportFile | None:
    """The attached file if one of the report's answers refers to it (else None)."""
    for question_kind, value in report.answers.values_list("question__kind", "value"):
        refers = isinstance(value, dict) and value.get("file") == file_id
        if question_kind == QuestionKind.FILE and refers:
            return ReportFile.objects.filter(pk=file_id, report__state=report.state).first()
    return None
