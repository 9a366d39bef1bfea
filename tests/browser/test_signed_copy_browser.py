"""A leader attaches the signed decision in a real browser; the page then links to the scan."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from fpdf import FPDF

from commendations import services
from commendations.models import Decision, Nomination
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.commendations.factories import award_form, nomination_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def decision(settings) -> Decision:
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True
    department = Unit.objects.get(code="STP-DN")
    users = get_user_model().objects
    nomination = nomination_in(
        Nomination.Status.APPROVED,
        nominating_unit=department,
        unit=department,
        proposal=award_form("minister_certificate"),
        created_by=users.get(username="officer.danang"),
    )
    return services.decision_record(
        user=users.get(username="leader.moj"),
        number="12/QĐ-BTP",
        date=datetime.date(2025, 1, 15),
        issuing_unit=Unit.objects.get(code="BTP"),
        authority="Bộ trưởng Bộ Tư pháp",
        signer_title="Bộ trưởng",
        signer_name="Phan Đức Nghĩa",
        nominations=[nomination],
    )


def test_the_leader_attaches_the_signed_decision_and_the_page_links_to_it(
    page, live_server, decision, screenshot_dir, tmp_path
):
    scan = FPDF()
    scan.add_page()
    scan.set_font("helvetica", size=12)
    scan.cell(text="Signed and stamped")
    path = tmp_path / "qd-12-da-ky.pdf"
    path.write_bytes(bytes(scan.output()))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "leader.moj")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.screenshot(path=str(screenshot_dir / "decision-signed-copy-before.png"), full_page=True)

    page.set_input_files("#signed-copy-file", str(path))
    page.click(".commendations-signed-copy button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(screenshot_dir / "decision-signed-copy-after.png"), full_page=True)

    link = page.locator(f".commendations-signed-copy a[href='{decision.get_signed_copy_url()}']")
    assert link.inner_text() == "qd-12-da-ky.pdf"
    decision.refresh_from_db()
    assert decision.is_signed
    answer = page.request.get(f"{live_server.url}{decision.get_signed_copy_url()}")
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")
