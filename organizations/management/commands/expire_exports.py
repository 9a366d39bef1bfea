"""Delete background exports kept past EXPORT_KEEP_DAYS, files and rows; run it daily or more."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from organizations.imports.export_jobs import exports_expire


class Command(BaseCommand):
    help = (
        "Delete the exported files written by the background worker, and their jobs, once "
        "they are older than EXPORT_KEEP_DAYS days (run it beside fail_stale_jobs)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = exports_expire()
        # Silent when there was nothing to do, so that cron mails only what happened.
        if deleted or options["verbosity"] > 1:
            self.stdout.write(_("%(count)s expired exports deleted.") % {"count": deleted})
