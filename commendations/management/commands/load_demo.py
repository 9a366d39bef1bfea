"""Load the demo data of every app, idempotently.

It lives in commendations, the top of the dependency chain
(commendations → emulation → enforcement → organizations), so that it may call every
app's demo loader without any app importing upward.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commendations.demo import load_commendations
from emulation.demo import load_emulation
from enforcement.demo import load_enforcement
from organizations.demo import DEMO_PASSWORD, DEMO_USERS, load_organizations


class Command(BaseCommand):
    help = "Load the demo units, people, users and figures (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(_("Demo data is for development only: set DEBUG=1 to load it."))
        counts = load_organizations()
        self.stdout.write(
            self.style.SUCCESS(
                "Organizations: {units} units, {people} people, {users} demo users.".format(
                    **counts
                )
            )
        )
        enforcement = load_enforcement()
        self.stdout.write(
            self.style.SUCCESS(
                "Enforcement: {cases} cases; 2024 for {agencies} cities: {carried_over} carried "
                "over + {newly_accepted} newly accepted, {ratio} % resolved, "
                "{met} of {agencies} targets met.".format(**enforcement)
            )
        )
        emulation = load_emulation()
        self.stdout.write(
            self.style.SUCCESS(
                "Emulation: {clusters} clusters, {results} results of 2024 locked, "
                "{awards} title awards, {initiatives} initiatives; 2024 ranking: "
                "{ranking}.".format(**emulation)
            )
        )
        commendations = load_commendations()
        self.stdout.write(
            self.style.SUCCESS(
                "Commendations: {nominations} nominations of 2024 ({states}); council of "
                "{council} members; decision {decision} with certificate No. {certificate}.".format(
                    **commendations
                )
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<16} {demo.role.label:<22} {demo.unit_code}")
