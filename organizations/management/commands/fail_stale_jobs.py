"""Mark failed the background jobs whose worker died; run it every few minutes."""

from typing import Any

from django.core.management.base import BaseCommand

from organizations.jobs import jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark failed the import and print jobs whose worker has shown no sign of life for "
        "15 minutes (run it every few minutes beside the worker)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = jobs_fail_stale()
        if options["verbosity"] > 1 or failed:
            self.stdout.write(f"{failed} stale jobs marked failed")
