"""Meetings, cycles and the template as data: loading, validation errors, versions, texts."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.reporting_fixtures import TEMPLATES, english, shipped_templates

from salw.reporting import services
from salw.reporting.choices import LANGUAGES
from salw.reporting.models import Meeting, Question, ReportingCycle, TemplateText, TemplateVersion
from salw.reporting.template_file import TemplateFileError, parse_template

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]

MINIMAL = """
template: t1
year: 2030
title: {en: T, fr: T, es: T, ru: T, zh-hans: T, ar: T}
sections:
  - key: one
    number: "1"
    title: {en: One, fr: Un, es: Uno, ru: Один, zh-hans: 一, ar: واحد}
    questions:
      - id: first
        number: "1.1"
        kind: yes_no
        options:
          "yes": {en: "Yes", fr: Oui, es: Sí, ru: Да, zh-hans: 是, ar: نعم}
          "no": {en: "No", fr: Non, es: "No", ru: Нет, zh-hans: 否, ar: لا}
        text: {en: Q, fr: Q, es: Q, ru: Q, zh-hans: 问, ar: س}
"""


def test_meetings_of_the_domain_are_seeded_with_cycles() -> None:
    codes = set(Meeting.objects.values_list("code", flat=True))
    assert {"bms1", "revcon3", "bms9", "bms10", "revcon4", "mge1"} <= codes
    assert ReportingCycle.objects.get(meeting__code="bms9").meeting.starts_on.isoformat() == (
        "2026-06-01"
    )
    assert not ReportingCycle.objects.filter(meeting__code="mge1").exists()
    assert services.load_meetings() == 0  # idempotent


def test_shipped_templates_are_loaded_with_six_languages() -> None:
    v3 = TemplateVersion.objects.get(code="v3")
    assert v3.reconstruction
    assert v3.questions.count() > 60
    euc = Question.objects.get(template=v3, qid="export_euc_required")
    assert (euc.number, euc.source_ref) == ("3.4", "PoA II.12")
    languages = set(
        TemplateText.objects.filter(template=v3, key="q:export_euc_required").values_list(
            "language", flat=True
        )
    )
    assert languages == set(LANGUAGES)
    assert "标识" in v3.texts_in("zh-hans")["section:marking"]
    assert ReportingCycle.objects.get(meeting__code="bms10").template == v3
    assert ReportingCycle.objects.get(meeting__code="revcon3").template.code == "v2"


def test_every_section_of_the_domain_notes_is_covered() -> None:
    keys = set(TemplateVersion.objects.get(code="v3").sections.values_list("key", flat=True))
    assert {
        "coordination", "manufacture", "transfers", "brokering", "stockpiles", "collection",
        "marking", "records", "tracing", "sdg", "ammunition", "gender", "assistance", "challenges",
    } <= keys  # fmt: skip
    mosaic = Question.objects.get(template__code="v3", qid="assistance_needs").options
    assert "05.30" in mosaic and len(mosaic) == 22


def test_loading_the_same_file_again_changes_nothing() -> None:
    before = TemplateText.objects.count()
    version, created = services.load_template((TEMPLATES / "v3-2020.yaml").read_bytes())
    assert not created and version.code == "v3"
    assert TemplateText.objects.count() == before


def test_other_content_under_a_loaded_code_is_refused() -> None:
    changed = (TEMPLATES / "v3-2020.yaml").read_text().replace("1.3.2", "1.3.9")
    with pytest.raises(TemplateFileError, match="already loaded"):
        services.load_template(changed)


def test_a_minimal_template_loads() -> None:
    version, created = services.load_template(MINIMAL)
    assert created and version.questions.get().options == ["yes", "no"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("zh-hans: 问, ", ""), "line 16, question “first”: text lacks the languages zh-hans"),
        (("kind: yes_no", "kind: maybe"), "unknown kind “maybe”"),
        (('"yes": {en', 'yes: {en'), "options must be exactly yes, no"),
        (("id: first", "id: First!"), "“id” must be lower-case"),
        (("year: 2030", "year: soon"), "“year” must be a year"),
        (("kind: yes_no", "kind: yes_no\n        show_if: {question: q0, in: [x]}"), "not an earl"),
        (("sections:", "sections: [\n"), "not valid YAML"),
    ],
)  # fmt: skip
def test_template_errors_name_the_line_question_and_reason(
    change: tuple[str, str], expected: str
) -> None:
    with pytest.raises(TemplateFileError) as refused:
        parse_template(MINIMAL.replace(*change))
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    assert not TemplateVersion.objects.filter(code="t1").exists()


def test_command_loads_a_file_and_reports_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("kind: yes_no", "kind: maybe"), encoding="utf-8")
    with pytest.raises(CommandError, match="unknown kind"):
        call_command("reporting", "load-template", str(bad))
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    call_command("reporting", "load-template", str(good))
    assert TemplateVersion.objects.filter(code="t1").exists()


def test_secretariat_adds_the_next_meeting_and_sets_its_due_date() -> None:
    import datetime

    cycle = services.add_meeting(
        code="bms11", kind="bms", number=11, year=2030, due_on=datetime.date(2030, 3, 31)
    )
    services.set_cycle(cycle, due_on=datetime.date(2030, 4, 30))
    assert ReportingCycle.objects.get(meeting__code="bms11").due_on == datetime.date(2030, 4, 30)


def test_cli_status_reindex_and_cycles(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("reporting", "cycles")
    call_command("reporting", "status", "bms10")
    call_command("reporting", "reindex")
    out = capsys.readouterr().out
    assert "bms10" in out and "0 of 195 States submitted" in out and "indexed" in out
    with pytest.raises(CommandError, match="There is no reporting cycle"):
        call_command("reporting", "status", "bms99")
