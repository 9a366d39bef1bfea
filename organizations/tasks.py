"""Background tasks of organizations: large imports and exports run in a worker (`db_worker`)."""

from __future__ import annotations

from django_tasks import task

from organizations.imports.export_jobs import export_job_run
from organizations.imports.services import import_job_apply, import_job_validate
from organizations.models import ExportJob, ImportJob


@task()
def validate_import(job_id: int) -> str:
    """Check every row of an import job's file."""
    job = import_job_validate(job=ImportJob.objects.get(pk=job_id))
    return job.status


@task()
def apply_import(job_id: int) -> str:
    """Apply an import job that its uploader confirmed."""
    job = import_job_apply(job=ImportJob.objects.get(pk=job_id))
    return job.status


@task()
def run_export(job_id: int) -> str:
    """Write the file of an export too long for the request."""
    job = export_job_run(job=ExportJob.objects.get(pk=job_id))
    return job.status
