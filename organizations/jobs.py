"""Background jobs: the base of import and print jobs, their claim, heartbeat and stale sweep.

A worker claims a job by moving it out of a waiting status in one UPDATE, then beats (records
the time) while it works. A job still in a running status whose worker has not beaten for
``STALE_AFTER`` died with it; ``manage.py fail_stale_jobs`` marks such jobs failed.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, Self

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# A worker beats at every step of its job; one silent this long has died.
STALE_AFTER = datetime.timedelta(minutes=15)


class JobQuerySet(models.QuerySet):
    def claim(self, job: Job, *, source: str, target: str) -> bool:
        """Move the job from the source to the target status; exactly one claimant wins."""
        claimed = self.filter(pk=job.pk, status=source).update(
            status=target, heartbeat_at=timezone.now()
        )
        return bool(claimed)

    def beat(self, job: Job, **progress: Any) -> None:
        """Record the job's progress and that its worker is alive."""
        self.filter(pk=job.pk).update(heartbeat_at=timezone.now(), **progress)

    def stale(self, *, now: datetime.datetime | None = None) -> Self:
        """Return the running jobs whose worker has not beaten for ``STALE_AFTER``."""
        cutoff = (now or timezone.now()) - STALE_AFTER
        return self.filter(status__in=self.model.RUNNING, heartbeat_at__lt=cutoff)


class Job(models.Model):
    """A piece of work a worker claims and beats on; its model declares its own statuses.

    Each job model declares ``Status`` (with ``PENDING`` and ``FAILED``), a ``status`` field,
    ``RUNNING`` (the statuses in which a worker holds or will take it) and ``STALE_MESSAGE``
    (what its page says once its worker has died).
    """

    RUNNING: ClassVar[tuple[str, ...]]
    STALE_MESSAGE: ClassVar[str | Promise]

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


def progress_percent(done: int, total: int | None, *, finished: bool) -> int:
    """Return how far a job has come for its progress bar: 100 only once it has finished."""
    if finished:
        return 100
    if not total:
        return 0
    return min(99, done * 100 // total)


def job_models() -> list[type[Job]]:
    """Return every installed job model."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def jobs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Mark failed the jobs whose worker died, of every job model; return how many."""
    failed = 0
    for model in job_models():
        failed += model.objects.stale(now=now).update(
            status=model.Status.FAILED, message=str(model.STALE_MESSAGE)
        )
    return failed


def enqueue_on_commit(task_path: str, *args: Any) -> None:
    """Queue the task named by its dotted path once the open transaction commits.

    Services name their tasks instead of importing them: a task module imports the service it
    runs, so the service importing it back would close a cycle.
    """
    transaction.on_commit(lambda: import_string(task_path).enqueue(*args))
