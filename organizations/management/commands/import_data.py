"""Import a CSV or XLSX file from the command line, with the same checks as the admin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from organizations.imports.services import (
    import_job_create,
    import_job_run_through,
    import_job_validate,
)
from organizations.imports.specs import all_specs
from organizations.models import ImportJob


class Command(BaseCommand):
    help = "Validate a spreadsheet, then (unless --dry-run) apply it in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="What the file holds, e.g. enforcement.case or case.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Username the import is made as.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--option",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help=(
                "A choice of the upload form, e.g. unit=THADS-NA-KV7 or ground_postponed=48.1.c "
                "for an intake register."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        specs = all_specs()
        key = options["model"]
        matches = [k for k in specs if k == key or k.split(".", 1)[1] == key]
        if len(matches) != 1:
            raise CommandError(f"Unknown model {key!r}; choose one of: {', '.join(sorted(specs))}")
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=options["user"])
        except user_model.DoesNotExist:
            raise CommandError(f"No user {options['user']!r}.") from None
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        spec = specs[matches[0]]
        given = self._given(options["option"])
        form = spec.options_form(user=user, data=given)
        accepted = sorted(form.fields) if form is not None else []
        unknown = sorted(set(given) - set(accepted))
        if unknown:
            raise CommandError(
                f"Unknown option {unknown[0]!r} for {matches[0]}; "
                + (f"its options are: {', '.join(accepted)}." if accepted else "it takes none.")
            )
        if form is not None and not form.is_valid():
            raise CommandError(
                "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
            )
        try:
            with path.open("rb") as handle:
                job = import_job_create(
                    spec_key=matches[0],
                    upload=File(handle, name=path.name),
                    user=user,
                    options=form.cleaned_data if form is not None else None,
                )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        if options["dry_run"]:
            job = import_job_validate(job=job)
            self._report(job)
            if job.status != ImportJob.Status.VALID:
                raise CommandError(f"Import #{job.pk}: nothing was written.")
            self.stdout.write("Dry run: nothing was written.")
            return
        # Every row is still checked before the first is written, in one pass over the file.
        job = import_job_run_through(job=job)
        self._report(job)
        if job.status not in (ImportJob.Status.DONE, ImportJob.Status.VALID):
            raise CommandError(f"Import #{job.pk}: {job.message or 'nothing was written.'}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Import #{job.pk} applied: {job.new} new, {job.updated} updated, "
                f"{job.unchanged} unchanged."
            )
        )

    @staticmethod
    def _given(written: list[str]) -> dict[str, str]:
        """Return the upload form's choices written NAME=VALUE, refusing another shape."""
        given = {}
        for option in written:
            name, equals, value = option.partition("=")
            if not equals or not name.strip():
                raise CommandError(f"Write each option as NAME=VALUE, not {option!r}.")
            given[name.strip()] = value.strip()
        return given

    def _report(self, job: ImportJob) -> None:
        self.stdout.write(
            f"Import #{job.pk} {job.original_name}: {job.rows_total} rows, {job.new} new, "
            f"{job.updated} updated, {job.unchanged} unchanged, {job.problem_count} errors."
        )
        for problem in job.report.get("problems", [])[:50]:
            row = problem["row"] or "-"
            self.stdout.write(
                f"  row {row} [{problem['column']}] {problem['value']!r}: {problem['message']}"
            )
