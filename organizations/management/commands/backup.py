"""Write the database and the uploaded files into one archive."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from organizations.backup import BackupError, backup_create, describe


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one archive (restore with `restore`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Path of the archive to write (.tar.gz).")
        parser.add_argument("--overwrite", action="store_true", help="Replace an existing archive.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"]).resolve()
        if path.exists() and not options["overwrite"]:
            raise CommandError(
                _("%(path)s exists already; choose another name or add --overwrite.")
                % {"path": path}
            )
        if not path.parent.is_dir():
            raise CommandError(_("There is no directory %(path)s.") % {"path": path.parent})
        started = time.monotonic()
        try:
            result = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s (%(size)s bytes, %(seconds).1f s): %(what)s.")
                % {
                    "path": path,
                    "size": result.size,
                    "seconds": time.monotonic() - started,
                    "what": describe(result.manifest),
                }
            )
        )
