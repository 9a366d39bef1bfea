"""Nobody nominates or judges themselves by editing the link between staff record and account."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commendations import services
from commendations.models import Nomination
from commendations.selectors import available_actions, conflict_of_interest
from organizations.models import Person
from organizations.services import person_link_account
from tests.commendations.factories import nomination_in
from tests.conftest import World
from tests.emulation.factories import award
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _client_for(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _person_form(person: Person, **changes: object) -> dict[str, object]:
    data = {
        "staff_code": person.staff_code,
        "full_name": person.full_name,
        "unit": person.unit_id,
        "position": person.position,
        "email": person.email,
        "user": person.user_id or "",
    }
    data.update(changes)
    return data


@pytest.fixture
def own_record(world: World, officer_danang: AbstractUser) -> Person:
    """The officer's own staff record, linked to his account and eligible for the certificate."""
    person = world.danang_department_person
    person.user = officer_danang
    person.save()
    award("grassroots_emulation_fighter", [2023, 2024], person=person)
    return person


def _naming(world: World, person: Person, created_by: AbstractUser, status: str) -> Nomination:
    return nomination_in(
        status, nominating_unit=world.danang_department, person=person, created_by=created_by
    )


def _submitted_now(nomination: Nomination, by: AbstractUser) -> Nomination:
    Nomination.objects.filter(pk=nomination.pk).update(submitted_by=by, submitted_at=timezone.now())
    nomination.refresh_from_db()
    return nomination


def test_officer_person_form_has_no_user_account_field(own_record, officer_danang):
    url = reverse("admin:organizations_person_change", args=[own_record.pk])

    response = _client_for(officer_danang).get(url)

    assert response.status_code == 200
    assert 'name="user"' not in response.content.decode()
    assert "user" not in response.context["adminform"].form.fields


def test_officer_cannot_clear_own_account_link_to_nominate_himself(
    world, own_record, officer_danang
):
    url = reverse("admin:organizations_person_change", args=[own_record.pk])
    _client_for(officer_danang).post(url, _person_form(own_record, user=""))
    draft = _naming(world, own_record, officer_danang, Status.DRAFT)

    with pytest.raises(PermissionDenied, match="cho chính mình"):
        services.nomination_submit(user=officer_danang, nomination=draft)

    assert Person.objects.get(pk=own_record.pk).user == officer_danang
    assert Nomination.objects.get(pk=draft.pk).status == Status.DRAFT


def test_officer_cannot_link_a_record_to_an_account(world, officer_danang, reviewer):
    person = world.danang_person
    url = reverse("admin:organizations_person_change", args=[person.pk])

    _client_for(officer_danang).post(url, _person_form(person, user=reviewer.pk))

    assert Person.objects.get(pk=person.pk).user is None


def test_administrator_links_an_account_and_history_names_him(world, administrator, reviewer):
    person = world.danang_person
    url = reverse("admin:organizations_person_change", args=[person.pk])

    response = _client_for(administrator).post(url, _person_form(person, user=reviewer.pk))

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == reviewer
    latest = person.history.order_by("-history_date", "-history_id").first()
    assert latest.user_id == reviewer.pk
    assert latest.history_user == administrator


def test_administrator_person_form_lists_no_usernames(world, administrator, reviewer, leader):
    url = reverse("admin:organizations_person_change", args=[world.danang_person.pk])

    content = _client_for(administrator).get(url).content.decode()

    assert 'name="user"' in content
    assert '<select name="user"' not in content
    assert reviewer.username not in content
    assert leader.username not in content


def test_service_refuses_a_non_administrator(world, officer_danang):
    with pytest.raises(PermissionDenied):
        person_link_account(person=world.danang_person, user=officer_danang, by=officer_danang)

    assert Person.objects.get(pk=world.danang_person.pk).user is None


def test_user_list_behind_the_raw_id_lookup_is_out_of_reach(officer_danang):
    response = _client_for(officer_danang).get("/admin/auth/user/?_to_field=id&_popup=1")

    assert response.status_code in (403, 404)


def test_officer_cannot_submit_after_an_administrator_unlinked_his_record(
    world, own_record, officer_danang, administrator
):
    person_link_account(person=own_record, user=None, by=administrator)
    draft = _naming(world, own_record, officer_danang, Status.DRAFT)

    with pytest.raises(PermissionDenied, match="cho chính mình"):
        services.nomination_submit(user=officer_danang, nomination=draft)

    assert Nomination.objects.get(pk=draft.pk).status == Status.DRAFT


def test_self_nomination_relinked_after_submission_cannot_be_recommended(
    world, own_record, officer_danang, reviewer, administrator
):
    # As if submitted while the link was cleared, then linked again.
    nomination = _naming(world, own_record, officer_danang, Status.SUBMITTED)
    person_link_account(person=own_record, user=None, by=administrator)
    nomination = _submitted_now(nomination, officer_danang)
    person_link_account(person=own_record, user=officer_danang, by=administrator)
    services.nomination_take(user=reviewer, nomination=nomination)

    with pytest.raises(PermissionDenied, match="tài khoản của chính mình"):
        services.nomination_recommend(user=reviewer, nomination=nomination)

    assert Nomination.objects.get(pk=nomination.pk).status == Status.IN_REVIEW
    assert conflict_of_interest(reviewer, nomination)


def test_self_nomination_unlinked_after_submission_is_flagged_on_review(
    world, own_record, officer_danang, reviewer, administrator
):
    nomination = _submitted_now(
        _naming(world, own_record, officer_danang, Status.SUBMITTED), officer_danang
    )
    person_link_account(person=own_record, user=None, by=administrator)
    services.nomination_take(user=reviewer, nomination=nomination)
    nomination.refresh_from_db()

    assert available_actions(user=reviewer, nomination=nomination) == ["return", "reject"]
    with pytest.raises(PermissionDenied):
        services.nomination_recommend(user=reviewer, nomination=nomination)


def test_self_nomination_can_still_be_rejected(
    world, own_record, officer_danang, reviewer, administrator
):
    nomination = _submitted_now(
        _naming(world, own_record, officer_danang, Status.SUBMITTED), officer_danang
    )
    person_link_account(person=own_record, user=None, by=administrator)
    services.nomination_take(user=reviewer, nomination=nomination)

    services.nomination_reject(user=reviewer, nomination=nomination, reason="Tự đề nghị.")

    assert Nomination.objects.get(pk=nomination.pk).status == Status.REJECTED


def test_reviewer_unlinked_from_the_nominee_after_submission_still_cannot_review(
    world, officer_danang, reviewer, administrator
):
    nominee = world.danang_department_person
    award("grassroots_emulation_fighter", [2023, 2024], person=nominee)
    person_link_account(person=nominee, user=reviewer, by=administrator)
    nomination = _submitted_now(
        _naming(world, nominee, officer_danang, Status.SUBMITTED), officer_danang
    )
    person_link_account(person=nominee, user=None, by=administrator)

    with pytest.raises(PermissionDenied, match="cho chính bạn"):
        services.nomination_take(user=reviewer, nomination=nomination)


def test_leader_who_was_the_nominee_at_submission_cannot_decide(
    world, officer_danang, leader, administrator
):
    nominee = world.danang_department_person
    person_link_account(person=nominee, user=leader, by=administrator)
    nomination = _submitted_now(
        _naming(world, nominee, officer_danang, Status.APPROVED), officer_danang
    )
    person_link_account(person=nominee, user=None, by=administrator)

    assert conflict_of_interest(leader, nomination) is not None
    with pytest.raises(PermissionDenied):
        services.decision_check(
            user=leader,
            number="1/QĐ-BTP",
            date=timezone.localdate(),
            issuing_unit=world.ministry,
            authority="Bộ trưởng Bộ Tư pháp",
            signer_name="Nguyễn Văn A",
            signer_title="BỘ TRƯỞNG",
            nominations=[nomination],
        )


def test_officer_cannot_submit_a_new_record_given_his_own_staff_code(
    world, own_record, officer_danang
):
    staff_code = own_record.staff_code
    own_record.staff_code = f"{staff_code}-CU"
    own_record.save()
    copy = PersonFactory(
        staff_code=staff_code, full_name=own_record.full_name, unit=world.danang_department
    )
    award("grassroots_emulation_fighter", [2023, 2024], person=copy)
    draft = _naming(world, copy, officer_danang, Status.DRAFT)

    with pytest.raises(PermissionDenied, match="cho chính mình"):
        services.nomination_submit(user=officer_danang, nomination=draft)


def test_reviewer_whose_staff_code_the_nominee_carried_at_submission_cannot_review(
    world, officer_danang, reviewer, administrator
):
    own = world.hanoi_person
    person_link_account(person=own, user=reviewer, by=administrator)
    nominee = PersonFactory(staff_code=f"{own.staff_code}-MOI", unit=world.danang_department)
    award("grassroots_emulation_fighter", [2023, 2024], person=nominee)
    # The codes are swapped, the nomination submitted, and the codes swapped back.
    codes = own.staff_code, nominee.staff_code
    own.staff_code, nominee.staff_code = "TAM", codes[0]
    own.save()
    nominee.save()
    nomination = _submitted_now(
        _naming(world, nominee, officer_danang, Status.SUBMITTED), officer_danang
    )
    nominee.staff_code = "TAM-2"
    nominee.save()
    own.staff_code, nominee.staff_code = codes
    own.save()
    nominee.save()

    with pytest.raises(PermissionDenied, match="cho chính bạn"):
        services.nomination_take(user=reviewer, nomination=nomination)
