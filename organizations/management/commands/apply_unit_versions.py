"""Give units the names, kinds and parents dated up to today; run it daily."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from organizations.services import unit_versions_apply


class Command(BaseCommand):
    help = (
        "Copy onto each unit the name, short name, kind and parent of its dated version in "
        "force today (a renaming recorded ahead of its day); run it daily from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = unit_versions_apply()
        # Silent when there was nothing to do, so that cron mails only what happened.
        if changed or options["verbosity"] > 1:
            self.stdout.write(_("%(count)s units took their new names.") % {"count": changed})
