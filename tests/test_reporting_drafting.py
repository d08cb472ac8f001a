"""Drafting to submission: typed answers, stale edits, revisions, submission, amendments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from tests.reporting_fixtures import (
    COMPLETE_V3,
    complete,
    cycle,
    english,
    shipped_templates,
    start,
    user,
)

from salw.accounts.choices import Role
from salw.accounts.services import create_user
from salw.reporting import services
from salw.reporting.models import AnswerRevision, Report, ReportEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


def test_answers_are_stored_as_typed_and_each_save_is_a_revision() -> None:
    report = start()
    report = services.save_answers(
        report,
        {
            "coordination_body": "yes",
            "coordination_body_name": "  国家小武器和轻武器协调委员会 ",
            "coordination_body_women": "7",
            "coordination_body_men": "9",
            "manufacture_mark_content": ["serial", "country"],
        },
        base_revision=report.revision,
        actor=user("kenya.focal"),
    )
    values = services.answer_values(report)
    assert values["coordination_body_name"] == "国家小武器和轻武器协调委员会"
    assert values["coordination_body_women"] == 7
    assert values["manufacture_mark_content"] == ["country", "serial"]  # template order
    assert AnswerRevision.objects.filter(report=report).count() == 5
    services.save_answers(
        report,
        {"coordination_body_women": 8},
        base_revision=report.revision,
        actor=user("kenya.focal"),
    )
    history = AnswerRevision.objects.filter(report=report, question__qid="coordination_body_women")
    assert [r.value for r in history] == [7, 8]


@pytest.mark.parametrize(
    ("qid", "raw", "message"),
    [
        ("coordination_body", "maybe", "is not one of the choices"),
        ("coordination_body_women", "-1", "at least 0"),
        ("coordination_body_women", "many", "whole number"),
        ("poa_contact_details", {"email": "not-an-address"}, "valid e-mail"),
        ("manufacture_mark_content", ["serial", "colour"], "colour"),
        ("no_such_question", "yes", "no such question"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    qid: str, raw: object, message: str
) -> None:
    report = start()
    with pytest.raises(ValidationError) as refused:
        services.save_answers(
            report,
            {"coordination_body": "yes", qid: raw},
            base_revision=report.revision,
            actor=user("kenya.focal"),
        )
    assert message in " ".join(refused.value.message_dict[qid])
    assert not report.answers.exists()


def test_a_stale_edit_is_refused_and_overwrites_nothing() -> None:
    report = start()
    loaded = report.revision
    services.save_answers(
        report, {"coordination_body": "yes"}, base_revision=loaded, actor=user("kenya.focal")
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.save_answers(
            report, {"coordination_body": "no"}, base_revision=loaded, actor=user("kenya.focal")
        )
    assert [q.number for q in stale.value.questions] == ["1.1"]
    assert services.answer_values(report)["coordination_body"] == "yes"
    # Another question, untouched since the editor loaded the page, saves.
    services.save_answers(
        report, {"manufacture_any": "no"}, base_revision=loaded, actor=user("kenya.focal")
    )
    assert services.answer_values(report)["manufacture_any"] == "no"


def test_only_the_focal_point_submits_and_gaps_are_listed_per_section() -> None:
    report = start()
    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit_report(report, actor=user("kenya.focal"))
    numbers = [g.number for g in refused.value.gaps]
    assert numbers[:3] == ["1", "2", "3"]
    assert any("1.2" in line for line in refused.value.gaps[0].messages)
    report = complete(report)
    contributor = create_user(
        username="kenya.contributor", organisation=user("kenya.focal").organisation,
        roles=[Role.CONTRIBUTOR],
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.submit_report(report, actor=contributor)
    submitted = services.submit_report(report, actor=user("kenya.focal"))
    assert submitted.status == "submitted" and submitted.submitted_by == user("kenya.focal")
    with pytest.raises(PermissionDenied):  # visible to its State, but read-only
        services.save_answers(
            submitted, {"coordination_body": "yes"}, base_revision=99, actor=user("kenya.focal")
        )


def test_skip_rules_decide_what_is_required_and_what_must_be_cleared() -> None:
    report = complete(start(), coordination_body="yes")
    gaps = services.gaps_of(report)
    assert [q.qid for g in gaps for q in g.missing] == ["coordination_body_name"]
    report = services.save_answers(
        report,
        {"coordination_body": "no", "coordination_body_name": ""},
        base_revision=report.revision,
        actor=user("kenya.focal"),
    )
    report = services.save_answers(
        report, {"iti_contact_details": {"name": "X"}}, base_revision=report.revision,
        actor=user("kenya.focal"),
    )  # fmt: skip
    gaps = services.gaps_of(report)
    assert [q.qid for g in gaps for q in g.skipped_but_answered] == ["iti_contact_details"]


def test_one_open_report_per_state_and_cycle_is_a_database_constraint() -> None:
    report = start()
    with pytest.raises(ValidationError):
        start()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            state=report.state, cycle=report.cycle, template=report.template, version=2
        )


def test_amendment_is_a_new_version_and_the_old_one_stays_readable() -> None:
    report = services.submit_report(complete(start()), actor=user("kenya.focal"))
    amendment = services.amend_report(report, actor=user("kenya.focal"))
    assert (amendment.version, amendment.amends_id, amendment.status) == (2, report.pk, "draft")
    assert services.answer_values(amendment) == services.answer_values(report)
    services.save_answers(
        amendment, {"brokering_laws": "yes"}, base_revision=amendment.revision,
        actor=user("kenya.focal"),
    )  # fmt: skip
    services.submit_report(amendment, actor=user("kenya.focal"))
    report.refresh_from_db()
    assert report.superseded and services.answer_values(report)["brokering_laws"] == "developing"
    assert list(Report.objects.published().filter(state=report.state)) == [amendment]


def test_history_tables_are_append_only() -> None:
    report = complete(start())  # started, saved, publication chosen
    assert ReportEvent.objects.filter(report=report).count() == 3
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE reporting_answerrevision SET value = NULL")


def test_copy_forward_from_the_2018_template_keeps_renumbered_answers() -> None:
    focal = user("kenya.focal")
    old = start(code="revcon3")
    old = services.save_answers(
        old,
        {
            "coordination_agency": "yes",  # v2 question 1; v3 1.1 has another id, same source
            "poa_contact_point": "no",
            "manufacture_any": "no",
            "transfer_laws": "yes",
            "export_euc_required": "yes",  # v2 5.4, v3 3.4
            "import_marking_required": "yes",
            "import_marker": "Kenya Police Service",  # no v3 question
            "brokering_laws": "no",
        },
        base_revision=old.revision,
        actor=focal,
    )
    services.set_visibility(old, "published", actor=focal)
    services.submit_report(old, actor=focal)
    new, carry = services.start_report(old.state, cycle("bms7"), actor=focal)
    values = services.answer_values(new)
    assert values["export_euc_required"] == "yes"
    assert values["coordination_body"] == "yes"
    pairs = {(o.number, n.number) for o, n in carry.carried}
    assert ("5.4", "3.4") in pairs and ("1", "1.1") in pairs
    assert [q.qid for q in carry.not_carried] == ["import_marker"]


def test_contributor_of_another_state_cannot_start_or_edit() -> None:
    report = start()
    with pytest.raises(PermissionDenied):
        services.start_report(report.state, cycle("bms9"), actor=user("peru.focal"))
    with pytest.raises(Http404):
        services.save_answers(
            report, dict(COMPLETE_V3), base_revision=report.revision, actor=user("peru.focal")
        )
