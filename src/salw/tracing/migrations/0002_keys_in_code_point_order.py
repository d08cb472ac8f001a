from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def code_point_order(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Prefix ranges (`key >= 'K7' AND key < 'K8'`) assume code-point order. SQLite compares
    bytes; PostgreSQL follows the database's collation unless the column says "C"."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in ("skeleton", "reverse"):
        schema_editor.execute(
            f'ALTER TABLE tracing_serialkey ALTER COLUMN "{column}" TYPE varchar(100) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [("tracing", "0001_initial")]

    operations = [migrations.RunPython(code_point_order, migrations.RunPython.noop)]
