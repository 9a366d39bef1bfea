"""Mark failed the background jobs whose worker died; run it every few minutes."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from organizations.jobs import jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark failed the import, export and print jobs whose worker has shown no sign of life for "
        "15 minutes (run it every few minutes beside the worker)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = jobs_fail_stale()
        # Silent when there was nothing to do, so that cron mails only what happened.
        if failed or options["verbosity"] > 1:
            self.stdout.write(_("%(count)s stale jobs marked failed.") % {"count": failed})
