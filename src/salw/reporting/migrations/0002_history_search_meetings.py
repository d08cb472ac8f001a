from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from salw.core.append_only import AppendOnly
from salw.reporting.meetings_data import CYCLE_KINDS, shipped_meetings

# The search index (see reporting/search.py): derived data, outside the ORM and the change log.
SEARCH_TABLE = {
    "sqlite": (
        "CREATE TABLE reporting_search_token ("
        "token varchar(40) NOT NULL, "
        "report_id integer NOT NULL REFERENCES reporting_report (id), "
        "PRIMARY KEY (token, report_id)) WITHOUT ROWID"
    ),
    "postgresql": (
        "CREATE TABLE reporting_search_token ("
        "token varchar(40) NOT NULL, "
        "report_id bigint NOT NULL REFERENCES reporting_report (id), "
        "PRIMARY KEY (token, report_id))"
    ),
}


def create_search_table(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(SEARCH_TABLE[schema_editor.connection.vendor])
    schema_editor.execute(
        "CREATE INDEX reporting_search_token_report ON reporting_search_token (report_id)"
    )


def drop_search_table(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute("DROP TABLE reporting_search_token")


def seed_meetings(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Meeting = apps.get_model("reporting", "Meeting")
    ReportingCycle = apps.get_model("reporting", "ReportingCycle")
    for row in shipped_meetings():
        meeting, _created = Meeting.objects.get_or_create(
            code=row.code,
            defaults={
                "kind": row.kind,
                "number": row.number,
                "year": row.year,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
            },
        )
        if row.kind in CYCLE_KINDS:
            ReportingCycle.objects.get_or_create(
                meeting=meeting, defaults={"due_on": row.default_due_date()}
            )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [
        AppendOnly("reporting_answerrevision"),
        AppendOnly("reporting_reportevent"),
        migrations.RunPython(create_search_table, drop_search_table),
        migrations.RunPython(seed_meetings, migrations.RunPython.noop),
    ]
