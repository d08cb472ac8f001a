from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from salw.core.append_only import AppendOnly, create_sql, drop_sql

TABLE = "tracing_tracingevent"


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # SQLite adds a NOT NULL column by rebuilding the table, which the triggers would refuse
    # (and lose); they are put back right after.
    for statement in drop_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for statement in create_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tracing", "0012_events_received_by_exchange")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers, elidable=False),
        migrations.AddField(
            model_name="tracingevent",
            name="sent_as_document",
            field=models.BooleanField(default=False, verbose_name="sent as an exchange document"),
        ),
        AppendOnly(TABLE),
    ]
