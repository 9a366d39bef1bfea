"""Compute the kept statistics again from the cases, and report any that differed."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enforcement.selectors import Rebuilt
from enforcement.services.figures import MONTHS, figures_rebuild, figures_years


def _grouping(rebuilt: Rebuilt) -> str:
    return rebuilt.split or {"unit": _("unit"), "enforcer": _("enforcer")}[rebuilt.by]


class Command(BaseCommand):
    help = (
        "Compute every unit's kept statistics again from its cases, for every period of the "
        "statistical years still worked on (or those named) and every grouping the reports "
        "read, and report the kept figures that differed from the cases (exit status 1). "
        "With --outdated, compute only the figures a write has made outdated, ahead of the "
        "next report (run it every few minutes). Safe while imports run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="a statistical year (repeatable); by default the present one and those not closed",
        )
        parser.add_argument(
            "--months",
            type=int,
            action="append",
            choices=MONTHS,
            help="a period's number of months from 1 October (repeatable); by default 1 to 12",
        )
        parser.add_argument(
            "--outdated",
            action="store_true",
            help="only the kept figures that a write has made outdated; compare nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] or figures_years()
        started = time.perf_counter()
        verbose = options["verbosity"] > 1

        def progress(rebuilt: Rebuilt) -> None:
            if verbose and rebuilt.computed:
                self.stdout.write(
                    _("%(year)s, %(months)s months, by %(grouping)s: %(units)s units computed")
                    % {
                        "year": rebuilt.period.year,
                        "months": rebuilt.period.months,
                        "grouping": _grouping(rebuilt),
                        "units": rebuilt.computed,
                    }
                )

        done = figures_rebuild(
            years=years,
            months=options["months"] or MONTHS,
            only_outdated=options["outdated"],
            progress=progress,
        )
        differences = [
            (rebuilt, difference) for rebuilt in done for difference in rebuilt.differences
        ]
        for rebuilt, difference in differences:
            self.stderr.write(
                _(
                    "Unit %(unit)s, %(year)s, %(months)s months, by %(grouping)s %(key)s: "
                    "%(measure)s of line %(line)s was %(kept)s, the cases give %(computed)s."
                )
                % {
                    "unit": difference.unit_id,
                    "year": rebuilt.period.year,
                    "months": rebuilt.period.months,
                    "grouping": _grouping(rebuilt),
                    "key": list(difference.rest),
                    "measure": difference.measure,
                    "line": difference.line,
                    "kept": difference.kept,
                    "computed": difference.computed,
                }
            )
        computed = sum(rebuilt.computed for rebuilt in done)
        if computed or verbose or differences:
            self.stdout.write(
                _(
                    "Years %(years)s: %(computed)s kept figures computed, %(compared)s of them "
                    "compared with what was kept, %(differences)s differences, in %(seconds).1f s."
                )
                % {
                    "years": ", ".join(str(year) for year in years),
                    "computed": computed,
                    "compared": sum(rebuilt.compared for rebuilt in done),
                    "differences": len(differences),
                    "seconds": time.perf_counter() - started,
                }
            )
        if differences:
            raise CommandError(
                _(
                    "%(count)s kept figures differed from the cases: a write did not raise its "
                    "unit's counter. They are rebuilt now; find the write that bypassed the "
                    "triggers."
                )
                % {"count": len(differences)},
                returncode=1,
            )
