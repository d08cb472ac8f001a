from django.db import migrations

from salw.core.append_only import AppendOnly


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [AppendOnly("registry_weaponevent")]
