"""The case search text and the id ranges by which bulk writes name the cases they wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from organizations.models import ImportJob


class CaseSearchText(models.Model):
    """What the admin searches in a case: its decision number, debtor, creditor and judgment.

    One text per case, the four fields folded (no diacritics, in capitals) and joined by
    newlines (a search term never holds one, so it cannot match across two fields), with the
    names of its parties after them. On PostgreSQL one GIN index holds the text's words and
    the case's unit, so that a search reads only what the user's units hold; the bulk
    import's writes to the case table then carry no search index (enforcement.search).
    """

    case = models.OneToOneField(
        "enforcement.EnforcementCase",
        verbose_name=_("enforcement case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_text",
    )
    # The case's unit, copied: written with the text, and by a trigger on the case table
    # whenever the case moves (migration 0036), whoever moves it.
    unit_id = models.BigIntegerField(_("unit"))
    text = models.TextField(_("search text"))

    class Meta:
        verbose_name = _("case search text")
        verbose_name_plural = _("case search texts")

    def __str__(self) -> str:
        return str(self.case_id)


class CaseIdRange(models.Model):
    """Cases with ids from ``first_id`` to ``last_id``: how bulk writes name what they wrote."""

    first_id = models.BigIntegerField(_("first case id"))
    last_id = models.BigIntegerField(_("last case id"))

    class Meta:
        abstract = True
        ordering = ["first_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_id__gte=F("first_id")),
                name="%(app_label)s_%(class)s_range_in_order",
            ),
        ]


class CaseSearchBacklog(CaseIdRange):
    """Cases with ids from ``first_id`` to ``last_id`` may still lack their search text.

    A bulk import writes one such range in its transaction; the background task indexes it
    and deletes it, and until then the search reads those cases' own fields.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta(CaseIdRange.Meta):
        verbose_name = _("case search backlog")
        verbose_name_plural = _("case search backlog")

    def __str__(self) -> str:
        return f"{self.first_id}–{self.last_id}"


class ImportedCases(CaseIdRange):
    """The cases an import created: ids ``first_id`` to ``last_id``, from ``import_job``.

    A bulk import writes one row per run of consecutive ids it took, not one row per case:
    this is how an imported case names its file, user and time. The case's first event is
    written only when the case first changes (``services.records.record_imported_states``),
    carrying the state the file gave it; until then the case row alone is its state.
    """

    import_job = models.ForeignKey(
        "organizations.ImportJob",
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="case_ranges",
    )

    class Meta(CaseIdRange.Meta):
        verbose_name = _("imported cases")
        verbose_name_plural = _("imported cases")
        indexes = [
            models.Index(fields=["first_id", "last_id"], name="enforcement_imported_range"),
        ]

    def __str__(self) -> str:
        return f"{self.import_job} · {self.first_id}–{self.last_id}"

    @classmethod
    def job_of(cls, case_id: int) -> ImportJob | None:
        """Return the import that created the case, or None for a case entered by hand."""
        # Runs of ids never overlap: the only run that may hold the case is the one starting
        # nearest below it (one index entry, where asking for last_id too would walk back
        # through every earlier run for a case entered by hand).
        found = (
            cls.objects.filter(first_id__lte=case_id)
            .select_related("import_job__uploaded_by")
            .order_by("-first_id")
            .first()
        )
        return found.import_job if found is not None and found.last_id >= case_id else None
