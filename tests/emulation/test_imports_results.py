"""Importing indicator results: checked by the services' rules, written all at once, idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from emulation import services
from emulation.imports.results import IndicatorResultImport
from emulation.models import Cluster, Criterion, IndicatorResult
from organizations.models import ImportJob
from tests.emulation.factories import (
    CriterionFactory,
    PactFactory,
    computed_criterion,
    locked_result,
)
from tests.emulation.importing import (
    CSV,
    XLSX,
    client_of,
    export,
    import_file,
    problems,
    template_headers,
)
from tests.imports.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

KEY = "emulation.indicatorresult"
HEADER = [
    "Năm",
    "Đơn vị",
    "Tiêu chí số",
    "Tên tiêu chí",
    "Giá trị",
    "Tử số",
    "Mẫu số",
    "Minh chứng",
    "Cụm thi đua",
]
FIELDS = [
    "year",
    "unit",
    "criterion",
    "criterion_name",
    "value",
    "numerator",
    "denominator",
    "evidence",
    "cluster",
]


def _rows(*rows: list[object]) -> list[list[object]]:
    return [list(HEADER), *rows]


def _danang_rows() -> list[list[object]]:
    return _rows(
        [2024, "STP-DN", 1, "", "72", "", "", "Báo cáo năm 2024", ""],
        [2024, "STP-DN", 2, "", "", "55", "56", "Báo cáo năm 2024", ""],
    )


def _figures(unit) -> dict[int, tuple]:
    return {
        result.criterion.number: (result.value, result.numerator, result.denominator)
        for result in IndicatorResult.objects.filter(unit=unit).select_related("criterion")
    }


def test_officer_imports_own_results_after_checking_them(cluster_world, officer_danang, tmp_path):
    client = client_of(officer_danang)
    path = write_csv(tmp_path / "ket-qua.csv", _danang_rows())

    with path.open("rb") as handle:
        response = client.post(
            reverse("admin:emulation_indicatorresult_import_file", args=[0]), {"file": handle}
        )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()

    assert job.status == ImportJob.Status.VALID
    assert (job.new, job.updated, job.unchanged) == (2, 0, 0)
    assert not IndicatorResult.objects.exists()
    assert "Báo cáo năm 2024" in page  # the sample of rows to write
    assert [(row["Năm"], row["Giá trị"], row["Tử số"]) for row in job.report["sample"]] == [
        ("2024", "72", ""),
        ("2024", "98.21", "55"),
    ]

    client.post(reverse("admin:organizations_importjob_apply", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert _figures(cluster_world.danang) == {
        1: (Decimal(72), None, None),
        2: (Decimal("98.21"), Decimal(55), Decimal(56)),
    }
    result = IndicatorResult.objects.get(criterion=cluster_world.documents)
    assert (result.status, result.entered_by) == (IndicatorResult.Status.DRAFT, officer_danang)
    history = result.history.get()
    assert history.history_user == officer_danang
    assert history.history_change_reason == f"import #{job.pk}: ket-qua.csv"


def test_one_bad_row_writes_nothing_and_every_error_is_listed(
    cluster_world, officer_danang, tmp_path
):
    rows = _danang_rows()
    rows[1][4] = "-5"  # a count below zero
    rows[2][5] = "57"  # more communes meeting the standard than communes
    rows.append([2024, "STP-DN", 9, "", "3", "", "", "", ""])  # no such criterion
    rows.append([2024, "STP-DN", 1, "", "12,5", "", "", "", ""])  # same criterion twice

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_danang)

    assert job.status == ImportJob.Status.INVALID
    assert problems(job) == [
        (2, "Giá trị", "-5", "Giá trị không được âm."),
        (3, "Tử số", "57", "Tử số của tỷ lệ phần trăm không được lớn hơn mẫu số."),
        (
            4,
            "Tiêu chí số",
            "9",
            f"Giao ước “{cluster_world.pact.name}” không có tiêu chí số 9.",
        ),
        (5, "Giá trị", "12,5", "Số lượng phải là số nguyên."),
    ]
    assert not IndicatorResult.objects.exists()


def test_importing_the_same_file_again_changes_nothing(cluster_world, officer_danang, tmp_path):
    path = write_xlsx(tmp_path / "ket-qua.xlsx", _danang_rows())
    import_file(KEY, path, officer_danang)
    before = list(IndicatorResult.objects.order_by("pk").values())
    history = IndicatorResult.history.count()

    job = import_file(KEY, path, officer_danang)

    assert job.status == ImportJob.Status.VALID
    assert (job.new, job.updated, job.unchanged) == (0, 0, 2)
    assert list(IndicatorResult.objects.order_by("pk").values()) == before
    assert IndicatorResult.history.count() == history


def test_a_changed_figure_updates_the_result_and_its_history(
    cluster_world, officer_danang, tmp_path
):
    import_file(KEY, write_csv(tmp_path / "ket-qua.csv", _danang_rows()), officer_danang)
    rows = _danang_rows()
    rows[1][4] = "74"
    del rows[2]
    for row in rows:
        del row[7]  # without the evidence column: the stored evidence stays

    job = import_file(KEY, write_csv(tmp_path / "sua.csv", rows), officer_danang)

    result = IndicatorResult.objects.get(criterion=cluster_world.documents)
    assert (job.new, job.updated, job.unchanged) == (0, 1, 0)
    assert (result.value, result.evidence) == (Decimal(74), "Báo cáo năm 2024")
    assert result.history.first().history_change_reason == f"import #{job.pk}: sua.csv"


def test_a_unit_outside_the_officers_units_is_refused(cluster_world, officer_hanoi, tmp_path):
    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", _danang_rows()), officer_hanoi)

    assert job.status == ImportJob.Status.INVALID
    assert problems(job)[0] == (
        2,
        "Đơn vị",
        "STP-DN",
        "Sở Tư pháp thành phố Đà Nẵng không phải là đơn vị của bạn: bạn chỉ nhập và sửa "
        "kết quả của đơn vị mình.",
    )
    assert not IndicatorResult.objects.exists()


def test_an_unknown_unit_quotes_only_the_officers_own_units(cluster_world, officer_hanoi, tmp_path):
    rows = _rows([2024, "KHONG-CO", 1, "", "72", "", "", "Báo cáo năm 2024", ""])
    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_hanoi)

    assert job.status == ImportJob.Status.INVALID
    message = problems(job)[0][3]
    assert "STP-HN" in message
    assert "STP-DN" not in message  # another city's units are not quoted to this officer


def test_a_unit_outside_the_cluster_is_refused(cluster_world, world, administrator, tmp_path):
    rows = _rows([2024, world.hanoi_agency.code, 1, "", "10", "", "", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), administrator)

    assert problems(job) == [
        (
            2,
            "Đơn vị",
            "THADS-HN",
            "Thi hành án dân sự thành phố Hà Nội không là thành viên của cụm, khối thi đua "
            "nào trong năm 2024.",
        )
    ]


def test_a_locked_result_is_refused_when_the_file_changes_it(
    cluster_world, officer_danang, tmp_path
):
    locked_result(cluster_world.danang, cluster_world.documents, 72)
    rows = _rows([2024, "STP-DN", 1, "", "80", "", "", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_danang)

    assert problems(job) == [
        (
            2,
            "Tiêu chí số",
            "1",
            "Kết quả này đã được khóa sau khi xem xét và không thể thay đổi.",
        )
    ]
    assert IndicatorResult.objects.get().value == Decimal(72)


def test_a_locked_result_repeated_unchanged_is_accepted(cluster_world, officer_danang, tmp_path):
    locked_result(cluster_world.danang, cluster_world.documents, 72)
    rows = _rows([2024, "STP-DN", 1, "", "72", "", "", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_danang)

    assert job.status == ImportJob.Status.VALID
    assert (job.new, job.updated, job.unchanged) == (0, 0, 1)


def test_a_computed_criterion_is_not_imported(cluster_world, officer_danang, tmp_path):
    computed_criterion(cluster_world.pact, 3, Criterion.Source.CASE_RATIO, name="Tỷ lệ về việc")
    rows = _rows([2024, "STP-DN", 3, "", "", "85", "100", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_danang)

    assert problems(job) == [
        (
            2,
            "Tiêu chí số",
            "3",
            "“Tỷ lệ về việc” được tính tự động từ thống kê thi hành án; không nhập tay.",
        )
    ]


def test_a_unit_in_a_cluster_and_a_bloc_names_the_one_meant(
    cluster_world, officer_danang, tmp_path
):
    bloc = services.cluster_save(
        cluster=None,
        year=2024,
        kind=Cluster.Kind.BLOC,
        name="Khối thi đua thử nghiệm",
        head=cluster_world.danang,
        members=[cluster_world.danang],
        decision_number="2/QĐ-TEST",
        decision_date=datetime.date(2024, 1, 15),
    )
    CriterionFactory(pact=PactFactory(cluster=bloc), number=1, name="Tiêu chí của khối")
    unnamed = _rows([2024, "STP-DN", 1, "", "7", "", "", "", ""])
    named = _rows([2024, "STP-DN", 1, "", "7", "", "", "", "khoi thi dua thu nghiem"])

    refused = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", unnamed), officer_danang)
    job = import_file(KEY, write_csv(tmp_path / "khoi.csv", named), officer_danang)

    assert [problem[:2] for problem in problems(refused)] == [(2, "Cụm thi đua")]
    assert "“Cụm thi đua”" in problems(refused)[0][3]
    assert job.status == ImportJob.Status.DONE
    assert IndicatorResult.objects.get().criterion.pact.cluster == bloc


def test_a_mistyped_criterion_number_is_caught_by_its_name(cluster_world, officer_danang, tmp_path):
    rows = _rows([2024, "STP-DN", 1, "Xã đạt chuẩn tiếp cận pháp luật", "", "55", "56", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_danang)

    assert [problem[:2] for problem in problems(job)] == [(2, "Tên tiêu chí")]
    assert "Thẩm định dự thảo văn bản" in problems(job)[0][3]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_export_then_reimport_changes_nothing(
    cluster_world, officer_danang, officer_hanoi, tmp_path, file_format
):
    # Đà Nẵng heads the cluster: its officer exports Hà Nội's locked results with its own.
    import_file(KEY, write_csv(tmp_path / "ket-qua.csv", _danang_rows()), officer_danang)
    locked_result(
        cluster_world.hanoi,
        cluster_world.access,
        "95.85",
        numerator=Decimal(555),
        denominator=Decimal(579),
        evidence="Báo cáo của Sở Tư pháp Hà Nội",
    )
    content = export(
        client_of(officer_danang), "indicatorresult", "indicatorresultresource", FIELDS, file_format
    )
    path = tmp_path / ("xuat.csv" if file_format == CSV else "xuat.xlsx")
    path.write_bytes(content)
    before = list(IndicatorResult.objects.order_by("pk").values())

    job = import_file(KEY, path, officer_danang)

    assert job.status == ImportJob.Status.VALID, problems(job)
    assert (job.rows_total, job.new, job.updated, job.unchanged) == (3, 0, 0, 3)
    assert job.report["ignored_columns"] == []
    assert list(IndicatorResult.objects.order_by("pk").values()) == before


def test_head_officer_may_not_change_a_members_result(cluster_world, officer_danang, tmp_path):
    locked_result(cluster_world.hanoi, cluster_world.documents, 90)
    rows = _rows([2024, "STP-HN", 1, "", "95", "", "", "", ""])

    job = import_file(KEY, write_csv(tmp_path / "ket-qua.csv", rows), officer_danang)

    assert [problem[:3] for problem in problems(job)] == [(2, "Đơn vị", "STP-HN")]


def test_export_headers_are_the_import_headers(cluster_world, officer_danang):
    client = client_of(officer_danang)

    content = export(client, "indicatorresult", "indicatorresultresource", FIELDS, CSV)

    assert content.decode("utf-8-sig").splitlines()[0].split(",") == HEADER
    assert [column.header for column in IndicatorResultImport.columns] == HEADER


def test_template_download_has_the_headers(officer_danang):
    assert template_headers(client_of(officer_danang), "indicatorresult") == HEADER


def test_officer_sees_import_and_export_on_the_results_list(officer_danang):
    page = client_of(officer_danang).get(reverse("admin:emulation_indicatorresult_changelist"))

    content = page.content.decode()
    assert reverse("admin:emulation_indicatorresult_import_file", args=[0]) in content
    assert reverse("admin:emulation_indicatorresult_export") in content


def test_leader_may_not_import_results(leader):
    response = client_of(leader).get(
        reverse("admin:emulation_indicatorresult_import_file", args=[0])
    )

    assert response.status_code == 403
