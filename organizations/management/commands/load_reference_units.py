"""Load the reference units of the 2025 reorganisation from the CSV files of the project."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from organizations.services.reference import AGENCIES_CSV, OFFICES_CSV, reference_units_load


class Command(BaseCommand):
    help = (
        "Create or update, by code, the ministry's Department for the Management of Civil "
        "Judgment Enforcement, the 34 provincial agencies and the regional offices listed in "
        "organizations/reference/*.csv (or the files given); a bad row refuses the whole load."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agencies", type=Path, default=AGENCIES_CSV)
        parser.add_argument("--offices", type=Path, default=OFFICES_CSV)

    def handle(self, *args: Any, **options: Any) -> None:
        agencies, offices = options["agencies"], options["offices"]
        try:
            load = reference_units_load(
                agencies_text=agencies.read_text(encoding="utf-8-sig"),
                offices_text=offices.read_text(encoding="utf-8-sig"),
                agencies_source=agencies.name,
                offices_source=offices.name,
            )
        except OSError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError("\n".join([_("Nothing was loaded:"), *error.messages])) from None
        self.stdout.write(
            _("%(created)s units created, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(load.created),
                "updated": len(load.updated),
                "unchanged": load.unchanged,
            }
        )
        for label, codes in ((_("Created:"), load.created), (_("Updated:"), load.updated)):
            if codes:
                self.stdout.write(f"{label} {', '.join(codes)}")
