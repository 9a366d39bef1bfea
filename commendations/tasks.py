"""Background tasks of commendations: printing many certificates runs in a worker."""

from __future__ import annotations

from django_tasks import task

from commendations.models import PrintJob
from commendations.services import print_job_run


@task()
def print_certificates(job_id: int) -> str:
    """Print every certificate of a print job's decision into one PDF."""
    job = print_job_run(job=PrintJob.objects.get(pk=job_id))
    return job.status
