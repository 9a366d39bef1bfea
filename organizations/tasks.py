"""Background tasks of organizations: large imports run in a worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from organizations.imports.services import import_job_apply, import_job_validate
from organizations.models import ImportJob


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
