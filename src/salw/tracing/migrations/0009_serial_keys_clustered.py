"""Serial keys as two clustered tables: the row is the primary key, stored once.

The old table kept (mark, State, skeleton, reverse) and indexed the skeleton, the reverse and the
State again: about 100 bytes per mark. Now each key is one primary-key entry (State, key, mark);
on SQLite the tables are WITHOUT ROWID, so there is no second copy; on PostgreSQL the keys compare
in code-point order ("C") so that prefix ranges hold. The keys are derived from the registry's
marks, so they are rebuilt here rather than copied.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

KEY_TABLES = (("SerialKey", "skeleton"), ("ReversedSerialKey", "reverse"))


def create_key_tables(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP TABLE tracing_serialkey")
    for model_name, column in KEY_TABLES:
        model = apps.get_model("tracing", model_name)
        sql, params = schema_editor.table_sql(model)
        if vendor == "sqlite":
            sql += " WITHOUT ROWID"
        schema_editor.execute(sql, params or None)
        if vendor == "postgresql":
            table = model._meta.db_table
            schema_editor.execute(
                f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE varchar(100) COLLATE "C"'
            )
    if apps.get_model("registry", "Marking").objects.exists():
        # Derived data, so built by the engine's own code; nothing to do on a new database.
        from salw.tracing.indexing import rebuild_keys

        rebuild_keys()


def drop_key_tables(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for model_name, _column in KEY_TABLES:
        schema_editor.delete_model(apps.get_model("tracing", model_name))
    schema_editor.create_model(apps.get_model("tracing", "SerialKey"))


def _key_fields(column: str, verbose_name: str) -> list:
    return [
        (
            "pk",
            models.CompositePrimaryKey(
                "state",
                column,
                "marking",
                blank=True,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        (
            "state",
            models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="states.state",
            ),
        ),
        (column, models.CharField(max_length=100, verbose_name=verbose_name)),
        (
            "marking",
            models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="registry.marking",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_imports"),
        ("states", "0004_mark_kinds_shared_with_the_registry"),
        ("tracing", "0008_alerts_handled"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SerialKey"),
                migrations.CreateModel(
                    name="SerialKey",
                    fields=_key_fields("skeleton", "skeleton"),
                    options={"abstract": False},
                ),
                migrations.CreateModel(
                    name="ReversedSerialKey",
                    fields=_key_fields("reverse", "reversed skeleton"),
                    options={"abstract": False},
                ),
            ],
        ),
        migrations.RunPython(create_key_tables, drop_key_tables),
    ]
