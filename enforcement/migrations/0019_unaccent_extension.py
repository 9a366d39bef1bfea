"""Create PostgreSQL's unaccent extension: the searches fold text with it (enforcement.search).

On SQLite the function is registered on each connection instead (organizations.folding).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0018_case_enforcers"),
    ]

    operations = [UnaccentExtension()]
