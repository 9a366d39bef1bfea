"""Demo dossiers: a one-page PDF for each document a nomination's proposal requires.

The demo data and the load run's nominations attach them, so that a nomination can be
submitted as a real one is (the checklist of ``selectors.dossier_checklist``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from commendations import selectors, services
from commendations.models import DossierFile, Nomination
from commendations.pdf import FONT, FONT_DIR

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def dossier_pdf(title: str, lines: list[str]) -> bytes:
    """Return a one-page PDF with the title and the lines: a demo dossier document."""
    pdf = FPDF(format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "LiberationSerif-Bold.ttf"))
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# document kind: (heading printed on the demo file, file name)
DOSSIER_DOCUMENTS = {
    DossierFile.Kind.PROPOSAL_LETTER: ("TỜ TRÌNH ĐỀ NGHỊ KHEN THƯỞNG", "to-trinh-de-nghi.pdf"),
    DossierFile.Kind.ACHIEVEMENT_REPORT: ("BÁO CÁO THÀNH TÍCH", "bao-cao-thanh-tich.pdf"),
    DossierFile.Kind.MINUTES: (
        "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "bien-ban-hoi-dong-thi-dua.pdf",
    ),
    DossierFile.Kind.INITIATIVE_RECOGNITION: (
        "QUYẾT ĐỊNH CÔNG NHẬN SÁNG KIẾN (BẢN SAO)",
        "quyet-dinh-cong-nhan-sang-kien.pdf",
    ),
    DossierFile.Kind.OTHER: ("TÀI LIỆU KHÁC", "tai-lieu-khac.pdf"),
}


def dossier_complete(
    *,
    user: AbstractBaseUser,
    nomination: Nomination,
    lines: list[str],
    always: Iterable[str] = (),
    made: dict[str, bytes] | None = None,
) -> None:
    """Attach the documents of ``always``, then every other one the proposal still requires.

    Each document is a PDF headed by its kind, printing the lines. ``made`` keeps each
    kind's PDF to attach the same one to the next nomination (the lines then stay those of
    the first).
    """
    kinds = list(always)
    kinds += [
        item.requirement.kind
        for item in selectors.dossier_checklist(nomination=nomination).missing
        if item.requirement.kind not in kinds
    ]
    made = {} if made is None else made
    for kind in kinds:
        title, filename = DOSSIER_DOCUMENTS[kind]
        if kind not in made:
            made[kind] = dossier_pdf(title, lines)
        services.dossier_file_add(
            user=user,
            nomination=nomination,
            kind=kind,
            upload=SimpleUploadedFile(filename, made[kind], content_type="application/pdf"),
        )
