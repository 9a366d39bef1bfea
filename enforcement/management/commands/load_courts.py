"""Load the court catalogue from enforcement/reference/courts.csv (or the file given)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enforcement.services import COURTS_CSV, courts_load


class Command(BaseCommand):
    help = (
        "Create or update, by code, the courts listed in enforcement/reference/courts.csv (or "
        "the file given); a bad row refuses the whole load."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=COURTS_CSV)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            load = courts_load(text=path.read_text(encoding="utf-8-sig"), source=path.name)
        except OSError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError("\n".join([_("Nothing was loaded:"), *error.messages])) from None
        self.stdout.write(
            _("%(created)s courts created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(load.created),
                "updated": len(load.updated),
                "unchanged": load.unchanged,
            }
        )
