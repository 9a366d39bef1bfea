"""Reads of a nomination's dossier: the documents its proposal requires, attached or missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from commendations.models import DossierFile, DossierRequirement, Nomination


@dataclass(frozen=True)
class ChecklistItem:
    """One required document and the files of the dossier that are that document."""

    requirement: DossierRequirement
    files: list[DossierFile] = field(default_factory=list)

    @property
    def is_attached(self) -> bool:
        """Tell whether at least one file of the dossier is the document."""
        return bool(self.files)

    @property
    def label(self) -> str:
        """Return the document's name, capitalised, as the checklist shows it."""
        return str(self.requirement.get_kind_display()).capitalize()


@dataclass(frozen=True)
class DossierChecklist:
    """The documents a nomination's dossier must carry, each attached or missing."""

    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def missing(self) -> list[ChecklistItem]:
        """Return the required documents no file stands for yet."""
        return [item for item in self.items if not item.is_attached]

    @property
    def is_complete(self) -> bool:
        """Tell whether every required document is attached."""
        return not self.missing


def dossier_checklist(*, nomination: Nomination) -> DossierChecklist:
    """Return the checklist of the documents the nomination's proposal requires of its dossier.

    The requirements are data per award form (``DossierRequirement``); one that
    applies only when initiatives are cited counts once the nomination cites one.
    """
    if nomination.award_form_id is None:
        return DossierChecklist()
    requirements = DossierRequirement.objects.filter(
        award_form_id=nomination.award_form_id
    ).order_by("pk")
    individual = nomination.person_id is not None
    with_initiatives = nomination.pk is not None and nomination.initiatives.exists()
    wanted = [
        requirement
        for requirement in requirements
        if requirement.applies(individual=individual, with_initiatives=with_initiatives)
    ]
    if not wanted:
        return DossierChecklist()
    files: dict[str, list[DossierFile]] = {}
    for dossier in nomination.files.order_by("uploaded_at", "pk"):
        files.setdefault(dossier.kind, []).append(dossier)
    seen: set[str] = set()
    items = []
    for requirement in wanted:
        # A document required of individuals and of both is listed once.
        if requirement.kind in seen:
            continue
        seen.add(requirement.kind)
        items.append(ChecklistItem(requirement, files.get(requirement.kind, [])))
    return DossierChecklist(items=items)
