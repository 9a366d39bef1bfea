"""Background jobs: the base of import and print jobs, their claim, heartbeat and stale sweep.

A worker claims a job by moving it out of a waiting status in one UPDATE, then beats (records
the time) while it works. A job still in a running status whose worker has not beaten for
``STALE_AFTER`` died with it; ``manage.py fail_stale_jobs`` marks such jobs failed, and the
task results the dead worker left running (``django_tasks_db``) failed with them.
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
    ``RUNNING`` (the statuses in which a worker holds or will take it), ``STALE_MESSAGE``
    (what its page says once its worker has died) and ``TASKS`` (the tasks that run it).
    """

    RUNNING: ClassVar[tuple[str, ...]]
    STALE_MESSAGE: ClassVar[str | Promise]
    # The dotted paths of the tasks that run the job, given its id as their first argument.
    TASKS: ClassVar[tuple[str, ...]] = ()

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


class WorkerDiedError(Exception):
    """The worker running a task stopped without finishing it (killed, or its machine lost)."""


WORKER_DIED = (
    "The worker running this task stopped without finishing it (killed, or its machine "
    "lost); manage.py fail_stale_jobs marked it failed with its job."
)


def jobs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Mark failed the jobs whose worker died, of every job model; return how many.

    The task result the dead worker left running is marked failed too: no worker will
    finish it, and the tasks' own admin would otherwise show it running for ever.
    """
    failed = 0
    for model in job_models():
        stale = list(model.objects.stale(now=now).values_list("pk", flat=True))
        if not stale:
            continue
        failed += (
            model.objects.stale(now=now)
            .filter(pk__in=stale)
            .update(status=model.Status.FAILED, message=str(model.STALE_MESSAGE))
        )
        # Only the jobs failed now: one that beat meanwhile is running and keeps its task.
        dead = list(
            model.objects.filter(
                pk__in=stale, status=model.Status.FAILED, message=str(model.STALE_MESSAGE)
            ).values_list("pk", flat=True)
        )
        _fail_task_results(model, dead, now=now or timezone.now())
    return failed


def _fail_task_results(model: type[Job], job_ids: list[int], *, now: datetime.datetime) -> None:
    if not job_ids or not model.TASKS:
        return
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    results.objects.filter(
        status="RUNNING", task_path__in=model.TASKS, args_kwargs__args__0__in=job_ids
    ).update(
        status="FAILED",
        finished_at=now,
        exception_class_path=f"{__name__}.{WorkerDiedError.__qualname__}",
        traceback=WORKER_DIED,
    )


def enqueue_on_commit(task_path: str, *args: Any) -> None:
    """Queue the task named by its dotted path once the open transaction commits.

    Services name their tasks instead of importing them: a task module imports the service it
    runs, so the service importing it back would close a cycle.
    """
    transaction.on_commit(lambda: import_string(task_path).enqueue(*args))
