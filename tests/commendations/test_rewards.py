"""Rewards: each recipient's money from the base salary in force, and certificates by law only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from commendations import pdf, services
from commendations.models import Certificate, DecisionLine, Nomination, PrintJob
from emulation import services as emulation_services
from emulation.models import BaseSalary, PhysicalItem, reward_amount
from tests.commendations.factories import award_form, nomination_in
from tests.emulation.factories import title
from tests.factories import rate
from tests.sheets import downloaded_rows

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _approved(world, officer_danang, *, proposal=None, **nominee):
    nominee = nominee or {"unit": world.danang_department}
    return nomination_in(
        Status.APPROVED,
        nominating_unit=world.danang_department,
        created_by=officer_danang,
        proposal=proposal,
        **nominee,
    )


def _advanced_worker(world, officer_danang):
    # Advanced Worker asks a rating of "good" or better in the year (Law 2022, Art. 24).
    rate(world.danang_department_person, [2024])
    return _approved(
        world,
        officer_danang,
        proposal=title("advanced_worker"),
        person=world.danang_department_person,
    )


def _record(leader, world, nominations, *, date=datetime.date(2025, 1, 15), number="5/QĐ-BTP"):
    return services.decision_record(
        user=leader,
        number=number,
        date=date,
        issuing_unit=world.ministry,
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=nominations,
    )


def _base_salary_form(**changes) -> dict[str, str]:
    return {"valid_from": "01/07/2026", "amount": "2.530.000", "legal_basis": "Nghị định X"} | (
        changes
    )


def test_the_catalogue_states_the_laws_multiples_and_what_is_handed_over(world):
    assert title("advanced_worker").reward_multiple == Decimal("0.3")
    assert title("advanced_worker").physical_item == PhysicalItem.NOTHING
    assert title("advanced_labour_collective").physical_item == PhysicalItem.NOTHING
    assert title("grassroots_emulation_fighter").reward_multiple == Decimal("1.0")
    assert title("grassroots_emulation_fighter").carries_certificate
    assert title("government_emulation_flag").physical_item == PhysicalItem.FLAG
    assert "Điều 54" in title("advanced_worker").reward_basis
    minister = award_form("minister_certificate")
    assert minister.reward_multiple_for(individual=True) == Decimal("1.5")
    assert minister.reward_multiple_for(individual=False) == Decimal("3.0")
    assert minister.carries_certificate


def test_the_base_salaries_of_the_decrees_are_seeded(world):
    assert list(BaseSalary.objects.order_by("valid_from").values_list("valid_from", "amount")) == [
        (datetime.date(2023, 7, 1), 1_800_000),
        (datetime.date(2024, 7, 1), 2_340_000),
    ]


def test_an_amount_is_rounded_up_to_ten_thousand_dong():
    # 0,3 × 2.340.000 = 702.000 đồng, paid as 710.000 (rounded up to the ten thousand).
    assert reward_amount(Decimal("0.3"), 2_340_000) == 710_000
    assert reward_amount(Decimal("1.5"), 2_340_000) == 3_510_000
    assert reward_amount(Decimal("0"), 2_340_000) == 0


def test_the_amount_comes_from_the_base_salary_in_force_on_the_decision_date(
    world, officer_danang, leader
):
    before = _approved(world, officer_danang)
    after = _approved(world, officer_danang, unit=world.danang_agency)

    _record(leader, world, [before], date=datetime.date(2024, 6, 30), number="1/QĐ-BTP")
    _record(leader, world, [after], date=datetime.date(2024, 7, 1), number="2/QĐ-BTP")

    # A collective's Certificate of Merit of the Minister: 3,0 times the base salary.
    first = DecisionLine.objects.get(nomination=before)
    assert (first.base_salary, first.reward_multiple, first.amount) == (
        1_800_000,
        Decimal("3.00"),
        5_400_000,
    )
    assert DecisionLine.objects.get(nomination=after).amount == 7_020_000


def test_a_later_base_salary_does_not_change_a_recorded_amount(
    world, officer_danang, leader, administrator
):
    decision = _record(leader, world, [_advanced_worker(world, officer_danang)])
    in_force = BaseSalary.objects.get(valid_from=datetime.date(2024, 7, 1))

    emulation_services.base_salary_save(
        user=administrator,
        base_salary=in_force,
        valid_from=in_force.valid_from,
        amount=3_000_000,
        legal_basis=in_force.legal_basis,
    )
    emulation_services.base_salary_save(
        user=administrator,
        base_salary=None,
        valid_from=datetime.date(2025, 1, 1),
        amount=2_800_000,
        legal_basis="Nghị định giả định",
    )

    line = decision.lines.get()
    assert (line.base_salary, line.amount) == (2_340_000, 710_000)


def test_the_decision_page_lists_each_amount_and_the_total(world, officer_danang, leader):
    decision = _record(
        leader,
        world,
        [_advanced_worker(world, officer_danang), _approved(world, officer_danang)],
    )

    content = _client(leader).get(reverse("commendations:decision", args=[decision.pk])).content
    page = content.decode()

    assert "710.000" in page  # Advanced Worker: 0,3 × 2.340.000, rounded up
    assert "7.020.000" in page  # the collective's Certificate of Merit: 3,0 × 2.340.000
    assert "7.730.000" in page  # the total
    assert "00001/2025" in page


def test_the_decision_admin_shows_the_amounts_and_the_total(world, officer_danang, leader):
    decision = _record(
        leader,
        world,
        [_advanced_worker(world, officer_danang), _approved(world, officer_danang)],
    )

    response = _client(leader).get(
        reverse("admin:commendations_decision_change", args=[decision.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "710.000" in page and "7.020.000" in page and "7.730.000" in page


def test_an_advanced_worker_gets_money_and_no_certificate(world, officer_danang, leader):
    decision = _record(leader, world, [_advanced_worker(world, officer_danang)])

    line = decision.lines.get()
    assert line.physical_item == PhysicalItem.NOTHING
    assert not decision.certificates.exists()
    with pytest.raises(ValidationError):
        services.print_job_start(user=leader, decision=decision)
    assert not PrintJob.objects.exists()


def test_the_page_offers_no_printing_for_a_decision_without_certificates(
    world, officer_danang, leader
):
    decision = _record(leader, world, [_advanced_worker(world, officer_danang)])

    page = _client(leader).get(reverse("commendations:decision", args=[decision.pk]))

    assert reverse("commendations:decision_print", args=[decision.pk]) not in page.content.decode()


def test_printing_a_decision_of_advanced_workers_is_refused_with_a_message(
    world, officer_danang, leader
):
    decision = _record(leader, world, [_advanced_worker(world, officer_danang)])

    response = _client(leader).post(reverse("commendations:decision_print", args=[decision.pk]))

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    expected = _(
        "The law gives no certificate with “{awards}”: this decision has nothing to print."
    ).format(awards="Lao động tiên tiến")
    assert shown == [expected]
    assert not PrintJob.objects.exists()


def test_a_certificate_recorded_earlier_for_an_advanced_worker_is_not_printed(
    world, officer_danang, leader
):
    decision = _record(leader, world, [_approved(world, officer_danang)])
    worker = _advanced_worker(world, officer_danang)
    # Recorded before the law's items were kept: a certificate the law does not give.
    certificate = Certificate.objects.create(
        decision=decision,
        nomination=worker,
        year=2025,
        number=99,
        person=worker.person,
        title=worker.proposed_title,
        recipient_name=worker.person.full_name,
        award_name="Lao động tiên tiến",
        achievement="Đã có thành tích.",
    )

    with pytest.raises(ValidationError):
        pdf.certificate_pdf(certificate)
    response = _client(leader).get(reverse("commendations:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"
    # Printing the whole decision prints the certificate the law gives, only.
    job = services.print_job_start(user=leader, decision=decision)
    assert (job.status, job.total, job.done) == (PrintJob.Status.DONE, 1, 1)


def test_a_decision_dated_before_any_base_salary_is_refused(world, officer_danang, leader):
    nomination = _approved(world, officer_danang)

    with pytest.raises(ValidationError) as refused:
        _record(leader, world, [nomination], date=datetime.date(2023, 6, 30))

    assert "date" in refused.value.message_dict
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED
    assert not DecisionLine.objects.exists()


def test_administrator_adds_a_base_salary_in_the_admin(administrator):
    response = _client(administrator).post(
        reverse("admin:emulation_basesalary_add"), _base_salary_form()
    )

    assert response.status_code == 302
    added = BaseSalary.objects.get(valid_from=datetime.date(2026, 7, 1))
    assert added.amount == 2_530_000


def test_a_base_salary_on_a_day_already_taken_is_refused(administrator):
    response = _client(administrator).post(
        reverse("admin:emulation_basesalary_add"),
        _base_salary_form(valid_from="01/07/2024", amount="2.500.000"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["valid_from"] == [
        _(
            "A base salary of {amount} đồng already takes effect on {date}: correct that one "
            "instead of adding another."
        ).format(amount="2.340.000", date="01/07/2024")
    ]
    assert BaseSalary.objects.get(valid_from=datetime.date(2024, 7, 1)).amount == 2_340_000


@pytest.mark.parametrize("amount", ["0", "-1.000"])
def test_a_base_salary_not_above_zero_is_refused(administrator, amount):
    response = _client(administrator).post(
        reverse("admin:emulation_basesalary_add"), _base_salary_form(amount=amount)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount"]
    assert not BaseSalary.objects.filter(valid_from=datetime.date(2026, 7, 1)).exists()


def test_the_service_refuses_a_base_salary_not_above_zero(administrator):
    with pytest.raises(ValidationError) as refused:
        emulation_services.base_salary_save(
            user=administrator,
            base_salary=None,
            valid_from=datetime.date(2026, 7, 1),
            amount=0,
            legal_basis="Nghị định X",
        )

    assert refused.value.message_dict["amount"] == [
        _("The base salary is an amount in đồng above zero, for example 2.340.000.")
    ]


@pytest.mark.parametrize("persona", ["officer_danang", "clerk_danang", "leader", "reviewer"])
def test_only_the_administrator_changes_the_base_salary(request, persona):
    user = request.getfixturevalue(persona)
    in_force = BaseSalary.objects.get(valid_from=datetime.date(2024, 7, 1))
    client = _client(user)

    change = client.post(
        reverse("admin:emulation_basesalary_change", args=[in_force.pk]),
        _base_salary_form(valid_from="01/07/2024", amount="9.999.000"),
    )
    add = client.post(reverse("admin:emulation_basesalary_add"), _base_salary_form())

    assert change.status_code in (403, 200)  # a reader sees the record read-only
    assert add.status_code == 403
    in_force.refresh_from_db()
    assert in_force.amount == 2_340_000
    assert not BaseSalary.objects.filter(valid_from=datetime.date(2026, 7, 1)).exists()
    with pytest.raises(PermissionDenied):
        emulation_services.base_salary_save(
            user=user,
            base_salary=in_force,
            valid_from=in_force.valid_from,
            amount=1,
            legal_basis="x",
        )


@pytest.mark.parametrize("persona", ["officer_danang", "leader", "reviewer"])
def test_the_base_salary_is_read_by_those_who_read_the_titles(request, persona):
    response = _client(request.getfixturevalue(persona)).get(
        reverse("admin:emulation_basesalary_changelist")
    )

    assert response.status_code == 200
    assert "Nghị định 73/2024/NĐ-CP" in response.content.decode()


def test_the_enforcement_clerk_does_not_see_the_base_salary(clerk_danang):
    response = _client(clerk_danang).get(reverse("admin:emulation_basesalary_changelist"))

    assert response.status_code == 403


def test_the_decisions_spreadsheet_lists_every_recipient_with_the_reward_and_the_total(
    world, officer_danang, leader
):
    decision = _record(
        leader,
        world,
        [_advanced_worker(world, officer_danang), _approved(world, officer_danang)],
    )

    sheet = _client(leader).get(reverse("commendations:decision_xlsx", args=[decision.pk]))

    rows = downloaded_rows(sheet.content)
    header = rows[0]
    amount, serial = header.index("Tiền thưởng (đồng)"), header.index("Số vào sổ")
    worker, collective, total = rows[1], rows[2], rows[3]
    assert (worker[serial], int(worker[amount])) == (None, 710_000)
    assert (collective[serial], int(collective[amount])) == ("00001/2025", 7_020_000)
    assert total[header.index("Cá nhân, tập thể")] == "Tổng cộng"
    assert int(total[amount]) == 7_730_000


def test_an_older_certificate_in_the_spreadsheet_never_starts_a_formula(
    world, officer_danang, leader
):
    decision = _record(leader, world, [_approved(world, officer_danang)])
    # A decision recorded before rewards were kept has certificates but no lines.
    DecisionLine.objects.filter(decision=decision).delete()
    Certificate.objects.filter(decision=decision).update(recipient_name="=HYPERLINK(1)")

    sheet = _client(leader).get(reverse("commendations:decision_xlsx", args=[decision.pk]))

    rows = downloaded_rows(sheet.content)
    name = rows[0].index("Cá nhân, tập thể")
    assert rows[1][name] == "'=HYPERLINK(1)"
    assert rows[2][name] == "Tổng cộng"
