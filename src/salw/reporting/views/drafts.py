"""A State's own reports: list, overview, questionnaire by section, submission, versions."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from salw.core.downloads import attach
from salw.core.permissions import RoleRequiredMixin, get_visible_or_404
from salw.reporting import services
from salw.reporting.answers import clean_value, is_empty, visible_questions
from salw.reporting.choices import QuestionKind, ReportStatus
from salw.reporting.diff import diff_reports
from salw.reporting.display import display_value
from salw.reporting.exports import report_as_json
from salw.reporting.forms import CheckForm, SectionForm, StartReportForm, VisibilityForm
from salw.reporting.models import Question, Report, ReportingCycle, Section
from salw.reporting.models.reports import DRAFTING_ROLES, SECRETARIAT_ROLES
from salw.states.models import State

READ_ROLES = DRAFTING_ROLES + SECRETARIAT_ROLES


def _reports() -> QuerySet:
    return Report.objects.select_related("state", "cycle__meeting", "template")


def _report(request: HttpRequest, pk: int) -> Report:
    return get_visible_or_404(_reports(), request.user, pk=pk)


def _editable(request: HttpRequest, report: Report) -> bool:
    return Report.objects.editable_by(request.user).filter(pk=report.pk).exists()


def no_longer_editable(request: HttpRequest, report: Report) -> HttpResponse:
    """For a page that changes a report, opened on a submitted version: say that it can no
    longer be changed and what can be done instead, on the report's page (which offers it), or
    on the page of the amendment being drafted."""
    amendment = (
        Report.objects.visible_to(request.user)
        .filter(state=report.state, cycle=report.cycle, status=ReportStatus.DRAFT)
        .first()
    )
    if amendment is not None:
        messages.info(
            request,
            _(
                "This version is submitted and can no longer be changed. Its amendment, version "
                "%(version)s, is being drafted: make the changes there."
            )
            % {"version": amendment.version},
        )
        return redirect("reporting:detail", pk=amendment.pk)
    if report.superseded:
        messages.info(
            request,
            _(
                "This version is submitted and can no longer be changed; a newer version "
                "exists: open it from the list of versions below."
            ),
        )
    elif request.user.has_role("focal_point"):
        messages.info(
            request,
            _(
                "This version is submitted and can no longer be changed. To change its answers, "
                "amend it: “Amend (start a new version)” below starts a new version with them."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "This version is submitted and can no longer be changed. Your focal point can "
                "amend it, which starts a new version with its answers."
            ),
        )
    return redirect("reporting:detail", pk=report.pk)


class ReportListView(RoleRequiredMixin, View):
    """The State's reports by cycle; start the current cycle's report."""

    required_roles = DRAFTING_ROLES

    def get(self, request: HttpRequest, form: StartReportForm | None = None) -> HttpResponse:
        reports = _reports().visible_to(request.user).order_by("-cycle__due_on", "-version")
        cycle = ReportingCycle.objects.select_related("meeting").current()
        has_current = reports.filter(cycle=cycle).exists()
        context = {
            "reports": reports,
            "cycle": cycle,
            "has_current": has_current,
            "form": form or StartReportForm(initial={"language": request.LANGUAGE_CODE}),
        }
        return render(request, "reporting/report_list.html", context, status=400 if form else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StartReportForm(request.POST)
        cycle = ReportingCycle.objects.current()
        if not form.is_valid() or cycle is None:
            return self.get(request, form)
        state = State.objects.get(pk=request.user.state_id)
        try:
            report, carry = services.start_report(
                state,
                cycle,
                actor=request.user,
                language=form.cleaned_data["language"],
                copy_forward=form.cleaned_data["copy_forward"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.get(request, form)
        if carry.source:
            messages.success(
                request,
                ngettext(
                    "%(count)s answer was copied from your report for %(cycle)s.",
                    "%(count)s answers were copied from your report for %(cycle)s.",
                    len(carry.carried),
                )
                % {"count": len(carry.carried), "cycle": carry.source.cycle.meeting.name},
            )
        if carry.not_carried:
            messages.warning(
                request,
                _("Not carried over (no matching question in this template): %(numbers)s")
                % {"numbers": ", ".join(q.number for q in carry.not_carried)},
            )
        return redirect("reporting:detail", pk=report.pk)


@dataclass
class SectionProgress:
    section: Section
    title: str
    answered: int = 0
    shown: int = 0
    missing: list[str] = field(default_factory=list)


def section_progress(report: Report, language: str) -> list[SectionProgress]:
    texts = report.template.texts_in(language)
    questions = list(report.template.questions.select_related("section"))
    values = services.answer_values(report)
    shown = visible_questions(questions, values)
    progress: dict[int, SectionProgress] = {}
    for section in report.template.sections.all():
        progress[section.pk] = SectionProgress(section, texts.get(f"section:{section.key}", ""))
    for question in questions:
        entry = progress[question.section_id]
        if question.qid in shown:
            entry.shown += 1
            entry.answered += int(not is_empty(values.get(question.qid)))
    return list(progress.values())


def _not_carried(report: Report) -> list[str]:
    """Question numbers of the previous report that copy-forward could not place (kept in the
    report's first event, so the list stays visible after the first page)."""
    started = report.events.filter(kind="started").first()
    return list(started.payload.get("not_carried", [])) if started else []


class ReportDetailView(RoleRequiredMixin, View):
    """One report: progress by section, what is missing, versions, actions."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, _report(request, pk))

    def render(self, request: HttpRequest, report: Report, status: int = 200) -> HttpResponse:
        language = request.LANGUAGE_CODE
        versions = (
            _reports().visible_to(request.user).filter(state=report.state, cycle=report.cycle)
        )
        context = {
            "report": report,
            "sections": section_progress(report, language),
            "gaps": services.gaps_of(report, language) if report.is_draft else [],
            "versions": versions.order_by("version"),
            "can_edit": _editable(request, report),
            "is_focal_point": request.user.has_role("focal_point")
            and request.user.state_id == report.state_id,
            "visibility_form": VisibilityForm(initial={"visibility": report.visibility}),
            "previous_cycle": services.last_submitted(report.state, report.cycle),
            "not_carried": _not_carried(report),
            "title": report.template.texts_in(language).get("title", ""),
        }
        return render(request, "reporting/report_detail.html", context, status=status)


@dataclass
class Conflict:
    """Both versions of an answer two people saved at once, as text, side by side."""

    theirs: str
    yours: str
    saved_by: str


def _conflicts(
    report: Report, questions: list[Question], typed: dict[str, Any], texts: dict[str, str]
) -> dict[str, Conflict]:
    """For each question someone else saved, their stored answer and the one typed here."""
    stored = {a.question.qid: a for a in report.answers.select_related("question", "saved_by")}
    found = {}
    for question in questions:
        answer = stored.get(question.qid)
        if answer is None or question.qid not in typed:
            continue
        try:
            yours = clean_value(question, typed[question.qid])
        except ValidationError:
            yours = typed[question.qid]
        found[question.qid] = Conflict(
            theirs=display_value(question, answer.value, texts),
            yours=display_value(question, yours, texts),
            saved_by=str(answer.saved_by.get_full_name() or answer.saved_by)
            if answer.saved_by
            else "",
        )
    return found


@dataclass
class Item:
    """A question on the page, with its form fields."""

    question: Question
    label: str
    help: str
    fields: list[Any]
    columns: list[str] = field(default_factory=list)  # tables: column headings
    value: Any = None  # the stored answer (documents: the attached file)
    conflict: "Conflict | None" = None  # someone else saved it while this person typed

    @property
    def rows(self) -> list[list[Any]]:
        """Table fields row by row."""
        width = len(self.columns) or 1
        return [self.fields[i : i + width] for i in range(0, len(self.fields), width)]

    @property
    def show_if_values(self) -> str:
        rule = self.question.show_if
        return " ".join(rule["in"]) if rule else ""

    @property
    def grouped(self) -> bool:
        kinds = (QuestionKind.CONTACT, QuestionKind.TABLE, QuestionKind.FILE)
        return self.question.kind in kinds or (self.question.options != [])


class SectionView(RoleRequiredMixin, View):
    """The questionnaire of one section; saving checks that nobody changed the same answers."""

    required_roles = DRAFTING_ROLES

    def get(self, request: HttpRequest, pk: int, key: str) -> HttpResponse:
        report = _report(request, pk)
        if not _editable(request, report):
            return no_longer_editable(request, report)
        return self.render(request, report, key)

    def post(self, request: HttpRequest, pk: int, key: str) -> HttpResponse:
        report = _report(request, pk)
        section, questions, texts = self._section(request, report, key)
        form = SectionForm(
            request.POST,
            request.FILES,
            questions=questions,
            texts=texts,
            values=services.answer_values(report),
        )
        if not form.is_valid():
            return self.render(request, report, key, form=form, status=400)
        typed = form.raw_answers()
        # After a conflict, the person chose per answer whether to keep theirs or their own.
        kept_theirs = {q.qid for q in questions if request.POST.get(f"keep__{q.qid}") == "theirs"}
        try:
            services.save_answers_with_files(
                report,
                {qid: value for qid, value in typed.items() if qid not in kept_theirs},
                {qid: up for qid, up in form.uploads().items() if qid not in kept_theirs},
                base_revision=form.cleaned_data["revision"],
                actor=request.user,
            )
        except ValidationError as refused:
            form.add_answer_errors(refused.message_dict)
            return self.render(request, report, key, form=form, status=400)
        except services.StaleEdit as stale:
            messages.error(
                request,
                _(
                    "Someone else saved answers %(numbers)s after you opened this page. Nothing "
                    "was saved yet: for each, compare their version with yours below, choose "
                    "which to keep, and save again. Everything you typed is still in the form."
                )
                % {"numbers": ", ".join(q.number for q in stale.questions)},
            )
            report.refresh_from_db()
            # The form keeps what was typed, now based on the revision that holds theirs.
            data = request.POST.copy()
            data["revision"] = str(report.revision)
            kept = SectionForm(
                data, questions=questions, texts=texts, values=services.answer_values(report)
            )
            kept.is_valid()
            conflicts = _conflicts(report, stale.questions, typed, texts)
            return self.render(request, report, key, form=kept, conflicts=conflicts, status=409)
        messages.success(request, _("Section saved."))
        following = report.template.sections.filter(position__gt=section.position).first()
        if following and "next" in request.POST:
            return redirect("reporting:section", pk=report.pk, key=following.key)
        if "next" in request.POST:  # the last section leads to the check before submission
            return redirect("reporting:check", pk=report.pk)
        return redirect("reporting:section", pk=report.pk, key=section.key)

    def _section(
        self, request: HttpRequest, report: Report, key: str
    ) -> tuple[Section, list[Question], dict[str, str]]:
        # Sections are the public template: only the report needed the permission check.
        section = get_object_or_404(Section, template=report.template, key=key)
        questions = list(section.questions.all())
        return section, questions, report.template.texts_in(request.LANGUAGE_CODE)

    def render(
        self,
        request: HttpRequest,
        report: Report,
        key: str,
        form: SectionForm | None = None,
        status: int = 200,
        conflicts: dict[str, Conflict] | None = None,
    ) -> HttpResponse:
        section, questions, texts = self._section(request, report, key)
        conflicts = conflicts or {}
        if form is None:
            form = SectionForm(
                initial={"revision": report.revision},
                questions=questions,
                texts=texts,
                values=services.answer_values(report),
            )
        values = services.answer_values(report)
        items = []
        for question in questions:
            names = [
                name
                for name in form.fields
                if name == question.qid or name.startswith(f"{question.qid}__")
            ]
            items.append(
                Item(
                    question,
                    question.label(texts),
                    texts.get(f"help:{question.qid}", ""),
                    [form[name] for name in names],
                    [texts.get(f"col:{question.qid}:{c}", c) for c in question.columns],
                    values.get(question.qid),
                    conflicts.get(question.qid),
                )
            )
        context = {
            "report": report,
            "section": section,
            "section_title": texts.get(f"section:{section.key}", section.key),
            "sections": report.template.sections.all(),
            "items": items,
            "form": form,
            "texts": texts,
        }
        return render(request, "reporting/section_form.html", context, status=status)


class CheckView(RoleRequiredMixin, View):
    """Before submission: what is missing or refused, each with a link to its field; the
    publication choice, explained; then submit (the focal point)."""

    required_roles = DRAFTING_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        if not _editable(request, report):
            return redirect("reporting:detail", pk=report.pk)
        initial = {"visibility": report.visibility} if report.visibility else {}
        return self.render(request, report, CheckForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        form = CheckForm(request.POST)
        if not form.is_valid():
            return self.render(request, report, form, status=400)
        chosen = form.cleaned_data.get("visibility")
        try:
            with transaction.atomic():  # the choice and the submission stand or fall together
                if chosen:
                    report = services.set_visibility(report, chosen, actor=request.user)
                services.submit_report(report, actor=request.user)
        except services.SubmissionRefused as refused:
            messages.error(
                request, _("The report cannot be submitted yet: put right what is listed.")
            )
            return self.render(request, report, form, refused.problems, status=400)
        messages.success(request, _("Report submitted. Thank you."))
        return redirect("reporting:detail", pk=report.pk)

    def render(
        self,
        request: HttpRequest,
        report: Report,
        form: CheckForm,
        problems: list[services.Problem] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        if problems is None:
            problems, _gaps = services.submission_problems(report, request.LANGUAGE_CODE)
        context = {
            "report": report,
            "problems": problems,
            "form": form,
            "is_focal_point": request.user.has_role("focal_point")
            and request.user.state_id == report.state_id,
            "title": report.template.texts_in(request.LANGUAGE_CODE).get("title", ""),
        }
        return render(request, "reporting/report_check.html", context, status=status)


class AmendView(RoleRequiredMixin, View):
    required_roles = DRAFTING_ROLES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        try:
            amendment = services.amend_report(report, actor=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect("reporting:detail", pk=report.pk)
        messages.success(
            request, _("Amendment started as version %(v)s.") % {"v": amendment.version}
        )
        return redirect("reporting:detail", pk=amendment.pk)


class VisibilityView(RoleRequiredMixin, View):
    required_roles = DRAFTING_ROLES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        form = VisibilityForm(request.POST)
        if form.is_valid():
            services.set_visibility(report, form.cleaned_data["visibility"], actor=request.user)
            messages.success(request, _("Publication choice saved."))
        return redirect("reporting:detail", pk=report.pk)


class DiffView(RoleRequiredMixin, View):
    """Changes against the previous version (default) or the previous cycle (?against=cycle)."""

    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        against = request.GET.get("against", "version")
        if against == "cycle":
            old = services.last_submitted(report.state, report.cycle)
        else:
            old = report.amends
        rows = diff_reports(old, report, request.LANGUAGE_CODE) if old else []
        context = {"report": report, "old": old, "rows": rows, "against": against}
        return render(request, "reporting/report_diff.html", context)


class ExportJsonView(RoleRequiredMixin, View):
    required_roles = READ_ROLES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        response = JsonResponse(
            report_as_json(report, request.LANGUAGE_CODE), json_dumps_params={"ensure_ascii": False}
        )
        return attach(
            response, f"{report.state.iso3}-{report.cycle.meeting.code}-v{report.version}.json"
        )
