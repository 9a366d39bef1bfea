"""Numbers typed the Vietnamese way are read as meant, or refused with a message, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from enforcement.models import EnforcementCase
from organizations.imports.values import CellError, read_number
from organizations.numbers import AmountField, FigureField
from tests.enforcement.factories import EnforcementCaseFactory


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("5,6", Decimal("5.6")),
        ("6.200", Decimal(6200)),
        ("83.25", Decimal("83.25")),
        ("1.234.567", Decimal(1234567)),
        ("1,234,567", Decimal(1234567)),
        ("1 000 000", Decimal(1000000)),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("-3,5", Decimal("-3.5")),
    ],
)
def test_numbers_are_read_the_vietnamese_way(typed, read):
    assert read_number(typed) == read


@pytest.mark.parametrize("typed", ["1.2,3", "1,2,3", "1.2.3", "abc", "1.", ",5", "²", "1 00 0"])
def test_numbers_that_fit_no_reading_are_refused(typed):
    with pytest.raises(CellError):
        read_number(typed)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("1.000.000", 1_000_000), ("1000000", 1_000_000), ("1 000 000", 1_000_000)],
)
def test_amount_field_reads_a_million_however_it_is_typed(typed, read):
    assert AmountField().clean(typed) == read


@pytest.mark.parametrize("typed", ["1.5", "1,5", "12abc", "1.000.000,5", "10000000000000000000"])
def test_amount_field_refuses_what_is_not_a_whole_amount(typed):
    field = AmountField()

    assert field.widget.input_type != "number"
    with pytest.raises(ValidationError):
        field.clean(typed)


def test_figure_field_reads_decimals_with_a_comma():
    field = FigureField(max_digits=18, decimal_places=2)

    assert field.clean("5,6") == Decimal("5.6")
    assert field.clean("6.200") == Decimal(6200)


def test_amount_widget_shows_a_stored_amount_grouped():
    html = AmountField().widget.render("amount", 1_000_000)

    assert 'value="1.000.000"' in html
    assert 'type="text"' in html
    assert 'data-number="amount"' in html


@pytest.mark.django_db
def test_payment_typed_as_one_million_with_dots_records_one_million(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    client = Client()
    client.force_login(clerk_hanoi)

    client.post(
        reverse("admin:enforcement_enforcementcase_changelist"),
        {
            "action": "record_payment",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "01/06/2024",
            "amount": "1.000.000",
            "note": "",
            "reason": "",
        },
    )

    case.refresh_from_db()
    assert case.amount_recovered == 1_000_000


@pytest.mark.django_db
def test_payment_with_a_decimal_point_is_refused_and_records_nothing(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    client = Client()
    client.force_login(clerk_hanoi)

    response = client.post(
        reverse("admin:enforcement_enforcementcase_changelist"),
        {
            "action": "record_payment",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "01/06/2024",
            "amount": "1.5",
            "note": "",
            "reason": "",
        },
    )

    assert response.status_code == 200
    assert "1.234.567" in response.content.decode()
    assert EnforcementCase.objects.get(pk=case.pk).amount_recovered == 0


@pytest.mark.django_db
def test_case_amount_due_typed_with_dots_is_stored_whole(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    client = Client()
    client.force_login(clerk_hanoi)
    url = reverse("admin:enforcement_enforcementcase_change", args=[case.pk])

    form = client.get(url).context["adminform"].form

    assert form["amount_due"].value() == 5_000_000
    assert 'value="5.000.000"' in str(form["amount_due"])


def _pay(client: Client, case: EnforcementCase, amount: str):
    return client.post(
        reverse("admin:enforcement_enforcementcase_changelist"),
        {
            "action": "record_payment",
            "_selected_action": [case.pk],
            "apply": "1",
            "on": "01/06/2024",
            "amount": amount,
            "note": "",
            "reason": "",
        },
        follow=True,
    )


@pytest.mark.django_db
def test_payment_message_echoes_the_amount_and_what_remains(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    client = Client()
    client.force_login(clerk_hanoi)

    page = _pay(client, case, "1.000.000").content.decode()

    assert "1.000.000 ₫" in page
    assert "4.000.000 ₫" in page


@pytest.mark.django_db
def test_payment_form_shows_what_is_due_and_what_remains(world, clerk_hanoi):
    case = EnforcementCaseFactory(
        unit=world.hanoi_agency, amount_due=5_000_000, amount_recovered=1_500_000
    )
    client = Client()
    client.force_login(clerk_hanoi)

    form = client.post(
        reverse("admin:enforcement_enforcementcase_changelist"),
        {"action": "record_payment", "_selected_action": [case.pk]},
    ).content.decode()

    assert "5.000.000 ₫" in form
    assert "3.500.000 ₫" in form


@pytest.mark.django_db
def test_refused_payment_keeps_the_form_with_what_was_typed(world, clerk_hanoi):
    case = EnforcementCaseFactory(unit=world.hanoi_agency, amount_due=5_000_000)
    client = Client()
    client.force_login(clerk_hanoi)

    page = _pay(client, case, "6.000.000")

    content = page.content.decode()
    assert 'name="amount"' in content
    assert 'value="6.000.000"' in content
    assert "errornote" in content
    case.refresh_from_db()
    assert case.amount_recovered == 0


def test_figure_field_reads_grouped_thousands_in_the_language_of_the_page():
    field = FigureField(max_digits=18, decimal_places=2)

    with translation.override("en"):
        shown = field.widget.format_value(Decimal(6200))
        assert field.clean(shown) == Decimal(6200)
        assert field.clean("83.25") == Decimal("83.25")
    with translation.override("vi"):
        shown = field.widget.format_value(Decimal(6200))
        assert shown == "6.200"
        assert field.clean(shown) == Decimal(6200)
