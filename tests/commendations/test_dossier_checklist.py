"""Each award form's dossier checklist: kept as data, shown on the page, enforced at submission."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from commendations import selectors, services
from commendations.models import DossierFile, DossierRequirement, Nomination, Recipients
from tests.commendations.factories import attach_documents, award_form, nomination_in
from tests.emulation.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
Status = Nomination.Status
Kind = DossierFile.Kind
MEETS_EVERYTHING = "Đáp ứng mọi điều kiện đã quy định."


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kinds(nomination: Nomination) -> dict[str, bool]:
    return {
        item.requirement.kind: item.is_attached
        for item in selectors.dossier_checklist(nomination=nomination).items
    }


def test_the_migration_loads_a_checklist_for_every_award_form():
    for code in ("minister_certificate", "prime_minister_certificate", "unit_head_letter"):
        kinds = set(award_form(code).dossier_requirements.values_list("kind", flat=True))
        assert {Kind.PROPOSAL_LETTER, Kind.ACHIEVEMENT_REPORT} <= kinds, code
    council_minutes = award_form("prime_minister_certificate").dossier_requirements
    assert council_minutes.filter(kind=Kind.MINUTES).exists()


def test_the_checklist_says_which_documents_are_attached(draft):
    attach_documents(draft, skip=(Kind.MINUTES,))

    assert _kinds(draft) == {
        Kind.PROPOSAL_LETTER: True,
        Kind.ACHIEVEMENT_REPORT: True,
        Kind.MINUTES: False,
    }


def test_submitting_with_a_document_missing_is_refused_naming_it(draft, officer_danang):
    attach_documents(draft, skip=(Kind.MINUTES,))
    events = draft.events.count()

    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(user=officer_danang, nomination=draft)

    assert draft.award_form.name in refused.value.messages[0]
    missing = refused.value.messages[1:]
    assert missing == [str(Kind.MINUTES.label).capitalize()]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.submitted_at is None
    assert draft.events.count() == events


def test_the_requirements_are_data_an_administrator_changes(draft, officer_danang):
    attach_documents(draft, skip=(Kind.MINUTES,))
    DossierRequirement.objects.filter(award_form=draft.award_form, kind=Kind.MINUTES).delete()

    services.nomination_submit(user=officer_danang, nomination=draft)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_a_requirement_for_individuals_does_not_bind_a_unit(draft):
    DossierRequirement.objects.create(
        award_form=draft.award_form, kind=Kind.OTHER, applies_to=Recipients.INDIVIDUALS
    )

    assert Kind.OTHER not in _kinds(draft)


def test_the_initiative_decision_is_required_only_when_initiatives_are_cited(world, officer_danang):
    person = world.danang_department_person
    nomination = nomination_in(
        Status.DRAFT,
        nominating_unit=world.danang_department,
        person=person,
        proposal=award_form("prime_minister_certificate"),
        created_by=officer_danang,
    )
    assert Kind.INITIATIVE_RECOGNITION not in _kinds(nomination)

    nomination.initiatives.add(InitiativeFactory(person=person))

    assert _kinds(nomination)[Kind.INITIATIVE_RECOGNITION] is False


def test_officer_and_reviewer_see_the_checklist_and_no_all_conditions_met_while_missing(
    world, officer_danang, reviewer
):
    submitted = nomination_in(
        Status.SUBMITTED,
        nominating_unit=world.danang_department,
        unit=world.danang_department,
        created_by=officer_danang,
        documents=False,
    )
    attach_documents(submitted, skip=(Kind.MINUTES,))

    for user in (officer_danang, reviewer):
        content = _client(user).get(submitted.get_absolute_url()).content.decode()
        assert 'data-kind="minutes" data-attached="0"' in content
        assert 'data-kind="proposal_letter" data-attached="1"' in content
        assert MEETS_EVERYTHING not in content


def test_all_conditions_met_is_shown_once_the_dossier_is_complete(submitted, reviewer):
    content = _client(reviewer).get(submitted.get_absolute_url()).content.decode()

    assert 'data-attached="0"' not in content
    assert MEETS_EVERYTHING in content
