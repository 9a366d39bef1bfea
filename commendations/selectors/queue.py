"""The reviewers' queue: the nominations a user may see, filtered, with counts per state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from commendations.models import AwardForm, Nomination
from emulation.models import Title
from organizations.folding import filter_fields_folded, rank_fields_folded
from organizations.params import id_value

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; ``proposal`` reads ``title:<id>`` or ``form:<id>``.

    ``search`` holds words of the nominee's name or staff code, or of the unit's name or
    code, typed with or without diacritics.
    """

    status: str = ""
    unit: int | None = None
    year: int | None = None
    proposal: str = ""
    search: str = ""


# What the queue's search reads, as the nominations' admin does.
SEARCHED_FIELDS = ("person__full_name", "person__staff_code", "unit__name", "unit__code")


def proposal_choices() -> list[tuple[str, str]]:
    """Return the titles and award forms one may propose, as filter values and labels."""
    forms = [(f"form:{form.pk}", str(form)) for form in AwardForm.objects.order_by("order")]
    titles = [
        (f"title:{title.pk}", str(title))
        for title in Title.objects.filter(is_active=True).order_by("order", "name")
    ]
    return forms + titles


def _filtered(
    queryset: QuerySet[Nomination], filters: QueueFilters, *, with_status: bool
) -> QuerySet[Nomination]:
    if with_status and filters.status in Nomination.Status.values:
        queryset = queryset.filter(status=filters.status)
    if filters.unit is not None:
        queryset = queryset.filter(nominating_unit_id=filters.unit)
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    kind, _sep, text = filters.proposal.partition(":")
    pk = id_value(text)
    if pk is not None:
        if kind == "title":
            queryset = queryset.filter(proposed_title_id=pk)
        elif kind == "form":
            queryset = queryset.filter(award_form_id=pk)
    return filter_fields_folded(queryset, SEARCHED_FIELDS, filters.search)


def _visible(queryset: QuerySet[Nomination], user: AbstractBaseUser) -> QuerySet[Nomination]:
    # A draft is its unit's own work in progress: only those who draft nominations see it.
    if user.has_perm("commendations.add_nomination"):
        return queryset
    return queryset.exclude(status=Nomination.Status.DRAFT)


def nomination_queue(
    *, user: AbstractBaseUser, filters: QueueFilters | None = None
) -> QuerySet[Nomination]:
    """Return the user's nominations (all for ministry-wide users), filtered, oldest first.

    A search puts the nominations whose nominee or unit is named exactly first.
    """
    filters = filters or QueueFilters()
    # The small catalogues and the reviewers come in their own queries: joined too, the
    # eight tables cost PostgreSQL more to plan (60 ms) than to read a page of the queue.
    queryset = (
        _visible(Nomination.objects.for_user(user), user)
        .select_related("nominating_unit", "person__unit", "unit")
        .prefetch_related("proposed_title", "award_form", "reviewer")
    )
    queryset = _filtered(queryset, filters, with_status=True).order_by(
        "-year", "submitted_at", "created_at", "pk"
    )
    return rank_fields_folded(queryset, SEARCHED_FIELDS, filters.search)


def nomination_counts(
    *, user: AbstractBaseUser, filters: QueueFilters | None = None
) -> list[tuple[str, str, int]]:
    """Return each state's value, label and number of nominations under the other filters."""
    filters = filters or QueueFilters()
    queryset = _filtered(
        _visible(Nomination.objects.for_user(user), user), filters, with_status=False
    )
    found = dict(
        queryset.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(value, label, found.get(value, 0)) for value, label in Nomination.Status.choices]


def nomination_years(*, user: AbstractBaseUser) -> list[int]:
    """Return the years that have nominations the user may see, latest first."""
    return list(
        Nomination.objects.for_user(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
