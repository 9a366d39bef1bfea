"""Each official document downloaded in a real browser from its page, then opened and read.

The decision with its list, the unit's proposal, the achievement report and the council
minutes, each as DOCX (read with python-docx) and PDF (text extraction): the heading, the
number, the date, the names and the list rows a clerk checks before signing.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page
from pypdf import PdfReader

from commendations import services
from commendations.models import CouncilMember, CouncilSession, Decision, Nomination
from organizations.demo import DEMO_PASSWORD, load_organizations
from organizations.models import Unit
from tests.commendations.factories import (
    award_form,
    council_members,
    make_council,
    nomination_in,
    open_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Status = Nomination.Status


@pytest.fixture
def decided(settings) -> Decision:
    """The ministry's certificate to Đà Nẵng's department, decided by 12/QĐ-BTP."""
    load_organizations()
    # Demo accounts log in only in development.
    settings.DEBUG = True
    department = Unit.objects.get(code="STP-DN")
    users = get_user_model().objects
    nomination = nomination_in(
        Status.APPROVED,
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


@pytest.fixture
def held(decided: Decision) -> CouncilSession:
    """A closed session of the ministry's council, with its chair and secretary named."""
    ministry = Unit.objects.get(code="BTP")
    council = make_council(ministry, council_members(ministry, 3, prefix="b.member"))
    members = list(council.members.order_by("order"))
    members[0].position = CouncilMember.Position.CHAIR
    members[0].save()
    members[1].position = CouncilMember.Position.SECRETARY_MEMBER
    members[1].save()
    session = open_session(council)
    session.number = "05/BB-HĐTĐKT"
    session.starts_at = datetime.time(8, 30)
    session.ends_at = datetime.time(11, 15)
    session.save()
    return session


def _log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state()


def _download(page: Page, link: str, folder: Path) -> Path:
    """Fetch the link's file as the signed-in browser does and keep it.

    A DOCX is clicked and saved as a download; a PDF the browser would show in its own
    viewer (some are sent inline) is fetched with the page's session instead.
    """
    anchor = page.locator(link).first
    if link.endswith(".pdf']"):
        answer = page.request.get(anchor.evaluate("a => a.href"))
        assert answer.status == 200
        assert answer.headers["content-type"] == "application/pdf"
        path = folder / Path(anchor.get_attribute("href")).name
        path.write_bytes(answer.body())
        return path
    with page.expect_download() as download:
        anchor.click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _both(page: Page, links: tuple[str, str], folder: Path) -> list[tuple[Path, str]]:
    docx_path, pdf_path = (_download(page, link, folder) for link in links)
    assert docx_path.suffix == ".docx"
    assert pdf_path.suffix == ".pdf"
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    return [(docx_path, _docx_text(docx_path)), (pdf_path, _pdf_text(pdf_path))]


def test_the_leader_downloads_the_decision_with_its_list(
    page: Page, live_server: object, decided: Decision, tmp_path: Path
) -> None:
    _log_in(page, live_server.url, "leader.moj")
    page.goto(f"{live_server.url}{decided.get_absolute_url()}")

    files = _both(
        page,
        (f"a[href$='/{decided.pk}/decision.docx']", f"a[href$='/{decided.pk}/decision.pdf']"),
        tmp_path,
    )

    department = Unit.objects.get(code="STP-DN").name
    for path, text in files:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, path.name
        assert "QUYẾT ĐỊNH" in text, path.name
        assert "12/QĐ-BTP" in text, path.name
        assert "ngày 15 tháng 01 năm 2025" in text, path.name
        assert "Phan Đức Nghĩa" in text, path.name
        # The attached list names the recipient.
        assert department in " ".join(text.split()), path.name


def test_the_officer_downloads_the_proposal_and_the_achievement_report(
    page: Page, live_server: object, decided: Decision, tmp_path: Path
) -> None:
    nomination = decided.nominations.get()
    _log_in(page, live_server.url, "officer.danang")
    page.goto(f"{live_server.url}{nomination.get_absolute_url()}")

    proposal = _both(
        page,
        (
            f"a[href$='/proposals/{nomination.nominating_unit_id}/{nomination.year}.docx']",
            f"a[href$='/proposals/{nomination.nominating_unit_id}/{nomination.year}.pdf']",
        ),
        tmp_path,
    )
    report = _both(
        page,
        (
            f"a[href$='/nominations/{nomination.pk}/report.docx']",
            f"a[href$='/nominations/{nomination.pk}/report.pdf']",
        ),
        tmp_path,
    )

    department = nomination.unit.name
    for path, text in proposal:
        assert "TỜ TRÌNH" in text, path.name
        assert department in " ".join(text.split()), path.name
        assert "Bằng khen" in text, path.name
    for path, text in report:
        assert "BÁO CÁO THÀNH TÍCH" in text, path.name
        assert department in " ".join(text.split()), path.name


def test_the_secretary_downloads_the_minutes(
    page: Page, live_server: object, held: CouncilSession, tmp_path: Path
) -> None:
    _log_in(page, live_server.url, "reviewer.moj")
    page.goto(f"{live_server.url}/review/council/{held.pk}/")

    files = _both(
        page,
        (
            f"a[href$='/council/{held.pk}/minutes.docx']",
            f"a[href$='/council/{held.pk}/minutes.pdf']",
        ),
        tmp_path,
    )

    chair, secretary = (
        held.council.members.get(position=position).name
        for position in (CouncilMember.Position.CHAIR, CouncilMember.Position.SECRETARY_MEMBER)
    )
    for path, text in files:
        assert "BIÊN BẢN" in text, path.name
        assert "05/BB-HĐTĐKT" in text, path.name
        assert "10/01/2025" in text, path.name
        assert "08:30" in text, path.name
        assert chair in text, path.name
        assert secretary in text, path.name
