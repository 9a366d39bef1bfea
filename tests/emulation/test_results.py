"""A unit enters and submits only its own results; the cluster head locks; locked stays locked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from emulation import services
from emulation.models import Criterion, IndicatorResult
from tests.emulation.factories import (
    CriterionFactory,
    PactFactory,
    computed_criterion,
    make_cluster,
)

pytestmark = pytest.mark.django_db


def _enter(user, unit, criterion, **figures) -> IndicatorResult:
    return services.indicator_result_create(user=user, unit=unit, criterion=criterion, **figures)


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_officer_enters_a_draft_result_for_own_unit(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )

    assert result.status == IndicatorResult.Status.DRAFT
    assert result.value == Decimal(72)
    assert result.entered_by == officer_danang


def test_officer_enters_a_percentage_as_numerator_and_denominator(cluster_world, officer_danang):
    result = _enter(
        officer_danang,
        cluster_world.danang,
        cluster_world.access,
        numerator=Decimal(55),
        denominator=Decimal(56),
    )

    assert result.value == Decimal("98.21")
    assert (result.numerator, result.denominator) == (Decimal(55), Decimal(56))


def test_officer_cannot_enter_result_for_another_unit(cluster_world, officer_danang):
    with pytest.raises(PermissionDenied):
        _enter(officer_danang, cluster_world.hanoi, cluster_world.documents, value=Decimal(10))

    assert not IndicatorResult.objects.exists()


def test_result_for_a_unit_that_is_not_a_member_is_refused(world, cluster_world, administrator):
    with pytest.raises(ValidationError) as raised:
        _enter(administrator, world.danang_agency, cluster_world.documents, value=Decimal(10))

    assert "not_member" in _codes(raised.value)
    assert "không phải là thành viên" in " ".join(raised.value.messages)
    assert not IndicatorResult.objects.exists()


def test_value_outside_the_measure_range_is_refused(cluster_world, officer_danang):
    with pytest.raises(ValidationError) as raised:
        _enter(
            officer_danang,
            cluster_world.danang,
            cluster_world.access,
            numerator=Decimal(57),
            denominator=Decimal(56),
        )

    assert "value_out_of_range" in _codes(raised.value)
    assert not IndicatorResult.objects.exists()


def test_second_result_for_the_same_unit_and_criterion_is_refused(cluster_world, officer_danang):
    _enter(officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72))

    with pytest.raises(ValidationError) as raised:
        _enter(officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(80))

    assert "duplicate" in _codes(raised.value)
    assert IndicatorResult.objects.get().value == Decimal(72)


def test_database_refuses_a_second_result_too(cluster_world):
    IndicatorResult.objects.create(
        unit=cluster_world.danang, criterion=cluster_world.documents, value=1
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorResult.objects.create(
            unit=cluster_world.danang, criterion=cluster_world.documents, value=2
        )


def test_result_for_a_computed_criterion_is_refused(cluster_world, officer_danang):
    computed = computed_criterion(cluster_world.pact, 3, Criterion.Source.CASE_RATIO)

    with pytest.raises(ValidationError) as raised:
        _enter(
            officer_danang,
            cluster_world.danang,
            computed,
            numerator=Decimal(8),
            denominator=Decimal(10),
        )

    assert "computed" in _codes(raised.value)


def test_result_against_an_unsigned_pact_is_refused(world, hanoi_department, officer_danang):
    cluster = make_cluster(
        members=[world.danang_department, hanoi_department],
        head=world.danang_department,
        year=2025,
    )
    criterion = CriterionFactory(pact=PactFactory(cluster=cluster, signed_on=None))

    with pytest.raises(ValidationError) as raised:
        _enter(officer_danang, world.danang_department, criterion, value=Decimal(1))

    assert "pact_unsigned" in _codes(raised.value)


def test_submitted_result_can_still_be_corrected_until_locked(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )
    services.indicator_result_submit(user=officer_danang, result=result)

    corrected = services.indicator_result_update(
        user=officer_danang, result=result, value=Decimal(74)
    )

    assert corrected.value == Decimal(74)
    assert corrected.status == IndicatorResult.Status.SUBMITTED


def test_locked_result_cannot_change(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )
    services.indicator_result_submit(user=officer_danang, result=result)
    services.indicator_result_lock(user=officer_danang, result=result)

    with pytest.raises(ValidationError) as raised:
        services.indicator_result_update(user=officer_danang, result=result, value=Decimal(99))

    assert "locked" in _codes(raised.value)
    result.refresh_from_db()
    assert result.value == Decimal(72)


def test_locked_result_cannot_be_deleted(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )
    services.indicator_result_submit(user=officer_danang, result=result)
    services.indicator_result_lock(user=officer_danang, result=result)

    with pytest.raises(ValidationError):
        services.indicator_result_delete(user=officer_danang, result=result)

    assert IndicatorResult.objects.filter(pk=result.pk).exists()


def test_draft_result_can_be_deleted_by_its_unit(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )

    services.indicator_result_delete(user=officer_danang, result=result)

    assert not IndicatorResult.objects.exists()


def test_only_a_draft_can_be_submitted(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )
    services.indicator_result_submit(user=officer_danang, result=result)

    with pytest.raises(ValidationError):
        services.indicator_result_submit(user=officer_danang, result=result)


def test_officer_cannot_submit_another_units_result(cluster_world, officer_danang, officer_hanoi):
    result = _enter(officer_hanoi, cluster_world.hanoi, cluster_world.documents, value=Decimal(90))

    with pytest.raises(PermissionDenied):
        services.indicator_result_submit(user=officer_danang, result=result)

    result.refresh_from_db()
    assert result.status == IndicatorResult.Status.DRAFT


def test_cluster_head_officer_locks_a_members_submitted_result(
    cluster_world, officer_danang, officer_hanoi
):
    result = _enter(officer_hanoi, cluster_world.hanoi, cluster_world.documents, value=Decimal(90))
    services.indicator_result_submit(user=officer_hanoi, result=result)

    locked = services.indicator_result_lock(user=officer_danang, result=result)

    assert locked.status == IndicatorResult.Status.LOCKED
    assert locked.locked_by == officer_danang
    assert locked.locked_at is not None


def test_member_officer_cannot_lock_results(cluster_world, officer_hanoi):
    result = _enter(officer_hanoi, cluster_world.hanoi, cluster_world.documents, value=Decimal(90))
    services.indicator_result_submit(user=officer_hanoi, result=result)

    with pytest.raises(PermissionDenied):
        services.indicator_result_lock(user=officer_hanoi, result=result)

    result.refresh_from_db()
    assert result.status == IndicatorResult.Status.SUBMITTED


def test_leader_cannot_lock_results(cluster_world, officer_hanoi, leader):
    result = _enter(officer_hanoi, cluster_world.hanoi, cluster_world.documents, value=Decimal(90))
    services.indicator_result_submit(user=officer_hanoi, result=result)

    with pytest.raises(PermissionDenied):
        services.indicator_result_lock(user=leader, result=result)


def test_a_draft_cannot_be_locked(cluster_world, officer_danang):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )

    with pytest.raises(ValidationError) as raised:
        services.indicator_result_lock(user=officer_danang, result=result)

    assert "not_submitted" in _codes(raised.value)


def test_administrator_unlocks_with_the_reason_kept_in_history(
    cluster_world, officer_danang, administrator
):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )
    services.indicator_result_submit(user=officer_danang, result=result)
    services.indicator_result_lock(user=officer_danang, result=result)

    reopened = services.indicator_result_unlock(
        user=administrator, result=result, reason="Sai số liệu báo cáo"
    )

    assert reopened.status == IndicatorResult.Status.SUBMITTED
    assert reopened.history.first().history_change_reason == "Sai số liệu báo cáo"


def test_unlocking_needs_a_reason_and_the_permission(cluster_world, officer_danang, administrator):
    result = _enter(
        officer_danang, cluster_world.danang, cluster_world.documents, value=Decimal(72)
    )
    services.indicator_result_submit(user=officer_danang, result=result)
    services.indicator_result_lock(user=officer_danang, result=result)

    with pytest.raises(ValidationError):
        services.indicator_result_unlock(user=administrator, result=result, reason=" ")
    with pytest.raises(PermissionDenied):
        services.indicator_result_unlock(user=officer_danang, result=result, reason="x")

    result.refresh_from_db()
    assert result.is_locked
