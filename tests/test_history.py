import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from salw.accounts.models import Organisation, User
from salw.accounts.services import create_user
from salw.core.append_only import create_sql, drop_sql
from salw.core.changelog import REDACTED, verify_chain
from salw.core.context import Actor, acting_as
from salw.core.models import ChangeLog
from salw.states.models import State

pytestmark = pytest.mark.django_db


def _kenya() -> Organisation:
    return Organisation.objects.get(state__iso3="KEN")


def test_a_change_is_logged_with_actor_before_and_after() -> None:
    with acting_as(Actor(user_id=42, label="tester"), request_id="req-123"):
        user = create_user(username="new.member", organisation=_kenya(), password="x" * 20)
        user.first_name = "Achieng"
        user.save()
    entries = list(ChangeLog.objects.for_object(user))
    assert [e.action for e in entries] == ["create", "update"]
    update = entries[-1]
    assert (update.actor_id, update.actor_label, update.request_id) == (42, "tester", "req-123")
    assert update.before["first_name"] == "" and update.after["first_name"] == "Achieng"
    # A password hash never lands in the log.
    assert update.after["password"] == REDACTED


def test_a_save_without_change_writes_nothing() -> None:
    kenya = State.objects.get(iso3="KEN")
    count = ChangeLog.objects.count()
    kenya.save()
    assert ChangeLog.objects.count() == count


def test_web_requests_are_attributed_to_the_user_and_request() -> None:
    client = Client()
    client.force_login(User.objects.get(username="kenya.focal"))
    records = User.objects.get(username="kenya.records")
    response = client.post(
        f"/account/team/{records.pk}/",
        {"roles": ["record_keeper"]},
        headers={"x-request-id": "browser-request-0001"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "browser-request-0001"
    deleted = ChangeLog.objects.filter(object_type="accounts.rolegrant", action="delete").last()
    assert deleted.actor_label == "kenya.focal"
    assert deleted.request_id == "browser-request-0001"
    assert deleted.before["role"] == "tracing_officer"


def test_the_database_refuses_update_and_delete_of_the_log() -> None:
    entry_id = ChangeLog.objects.order_by("id").values_list("id", flat=True).first()
    table = ChangeLog._meta.db_table
    for statement in (
        f"UPDATE {table} SET actor_label = 'someone else' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry_id])
    with pytest.raises(DatabaseError), transaction.atomic():
        ChangeLog.objects.filter(pk=entry_id).delete()


def test_verify_history_passes_on_a_clean_database(capsys: pytest.CaptureFixture) -> None:
    call_command("verify_history")
    assert "History intact" in capsys.readouterr().out


def _as_an_intruder(statement: str, params: list) -> None:
    """What someone with database access could do: lift the triggers, change a row, restore."""
    table = ChangeLog._meta.db_table
    with connection.cursor() as cursor:
        for sql in drop_sql(connection.vendor, table):
            cursor.execute(sql)
        cursor.execute(statement, params)
        for sql in create_sql(connection.vendor, table):
            cursor.execute(sql)


def test_verify_history_names_a_row_changed_behind_its_back() -> None:
    ids = list(ChangeLog.objects.order_by("id").values_list("id", flat=True))
    target = ids[len(ids) // 2]
    _as_an_intruder(
        f"UPDATE {ChangeLog._meta.db_table} SET actor_label = 'nobody' WHERE id = %s", [target]
    )
    with pytest.raises(CommandError, match=f"row {target}: its content no longer matches"):
        call_command("verify_history")


def test_verify_history_names_the_row_after_a_removed_one() -> None:
    ids = list(ChangeLog.objects.order_by("id").values_list("id", flat=True))
    removed, following = ids[10], ids[11]
    _as_an_intruder(f"DELETE FROM {ChangeLog._meta.db_table} WHERE id = %s", [removed])
    checked, broken = verify_chain()
    assert broken is not None
    assert (broken.entry_id, broken.reason) == (following, "previous-hash")
    assert checked == 10


def test_many_to_many_changes_are_logged() -> None:
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Auditors")
    user = User.objects.get(username="analyst")
    user.groups.add(group)
    entry = ChangeLog.objects.for_object(user).last()
    assert entry.action == "update"
    assert entry.before["groups"] == [] and entry.after["groups"] == [group.pk]
