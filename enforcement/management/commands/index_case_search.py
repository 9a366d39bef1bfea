"""Write the search text of enforcement cases: the backlog, or every case."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from enforcement.search import CHUNK, index_all, index_backlog


class Command(BaseCommand):
    help = (
        "Write the search text of the cases bulk imports left to the background task; "
        "with --all, rewrite it for every case."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help=f"Rebuild the search text of every case, {CHUNK:,} ids per transaction.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        indexed = index_all() if options["all"] else index_backlog()
        self.stdout.write(self.style.SUCCESS(f"Indexed the search text of {indexed:,} cases."))
