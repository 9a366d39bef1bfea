"""Restore the database and the uploaded files from an archive made by `backup`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from organizations.backup import BackupError, backup_restore, describe, read_manifest


class Command(BaseCommand):
    help = (
        "Restore a backup into a migrated database: every table and MEDIA_ROOT's files, "
        "all or nothing. Refuses a database holding data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Path of an archive written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data of a database that is not empty.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        started = time.monotonic()
        try:
            manifest = read_manifest(path)
            self.stdout.write(_("Restoring %(what)s.") % {"what": describe(manifest)})
            result = backup_restore(path=path, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(rows)s rows and %(files)s files in %(seconds).1f s.")
                % {
                    "rows": sum(result.counts.values()),
                    "files": result.media_files,
                    "seconds": time.monotonic() - started,
                }
            )
        )
