"""Create PostgreSQL's unaccent extension: the searches fold text with it (enforcement.search).

On SQLite the function is registered on each connection instead (organizations.folding), so
both directions do nothing there (Django's UnaccentExtension reverses on any database).
"""

from django.db import migrations


def create_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


def drop_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP EXTENSION IF EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0020_money_events_by_case"),
    ]

    operations = [migrations.RunPython(create_unaccent, drop_unaccent)]
