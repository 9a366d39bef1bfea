"""Run emulation imports and exports the way clerks do, for the import tests."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files import File
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from organizations.imports.services import (
    import_job_apply,
    import_job_confirm,
    import_job_create,
    import_job_validate,
)
from organizations.models import ImportJob

CSV, XLSX = "0", "1"  # positions of the formats in the admin's export form


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def import_file(key: str, path: Path, user, *, apply: bool = True) -> ImportJob:
    """Upload, check and (when asked and valid) apply a file, as the admin's pages do."""
    with path.open("rb") as handle:
        job = import_job_create(spec_key=key, upload=File(handle, name=path.name), user=user)
    job = import_job_validate(job=job)
    if apply and job.status == ImportJob.Status.VALID and (job.new or job.updated):
        import_job_confirm(job=job, user=user)
        job = import_job_apply(job=job)
    return job


def problems(job: ImportJob) -> list[tuple[object, str, str, str]]:
    """Return the job's problems as (row, column, value, message)."""
    return [(p["row"], p["column"], p["value"], p["message"]) for p in job.report["problems"]]


def export(client: Client, model: str, resource: str, fields: list[str], file_format: str) -> bytes:
    """Export every row the client's user sees from a model's admin list."""
    response = client.post(
        reverse(f"admin:emulation_{model}_export"),
        {
            "format": file_format,
            "resource": "0",
            **{f"{resource}_{field}": "on" for field in fields},
        },
    )
    assert response.status_code == 200, response.content[:500]
    return response.content


def template_headers(client: Client, model: str) -> list[str]:
    """Return the header row of a model's downloadable XLSX template."""
    response = client.get(reverse(f"admin:emulation_{model}_import_template", args=[0]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return [cell.value for cell in workbook.worksheets[0][1]]
