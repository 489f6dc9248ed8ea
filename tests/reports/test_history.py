"""The periodic report of a place that came out of a merger within the year
before the period's end carries the before/after comparison the dashboard
shows: its predecessors' sum before, its own figures after. The merger is
tests/dashboards/conftest.py's (`merger`), counted by hand there."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.periods import Period
from portal.reports import services

TITLE = "So sánh trước và sau sắp xếp (hiệu lực từ 01/07/2026)"


def rows_of(workbook_bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def comparison_block(rows):
    """{label: (before, after, change)} and the two column titles of the
    comparison block, or None when the workbook has none."""
    starts = [index for index, row in enumerate(rows) if row[0] == TITLE]
    if not starts:
        assert not any(str(row[0] or "").startswith("So sánh trước") for row in rows)
        return None
    index = starts[0] + 1
    while rows[index][0] != "STT":
        index += 1
    header = rows[index]
    figures = {}
    for row in rows[index + 1 :]:
        if row[0] is None:
            break
        figures[row[1]] = tuple(row[2:5])
    return header[2], header[3], figures


def download(client, report):
    response = client.get(reverse("report-download", args=[report.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_half_year_after_the_merger_is_compared_with_the_half_year_before(merger, login):
    report = services.build_report(place=merger["new"], period=Period.parse("2026-H2"))

    rows = rows_of(download(login(merger["staff"]), report))

    before, after, figures = comparison_block(rows)
    assert before == "Trước sắp xếp\n01/01/2026 – 30/06/2026"
    assert after == "Sau sắp xếp\n01/07/2026 – 31/12/2026"
    assert [row[1] for row in rows if str(row[1] or "").startswith("Văn bản")] == [
        "Văn bản 1686/NQ-UBTVQH15 ngày 16/06/2026, Ủy ban Thường vụ Quốc hội"
    ]
    # Counted by hand (tests/dashboards/conftest.py): the predecessors, then itself.
    assert figures["Số thôn, bản, tổ dân phố"] == (2, 2, 0)
    assert figures["Số chi bộ"] == (2, 2, 0)
    assert figures["Số đảng viên"] == (6, 7, 1)
    assert figures["Kết nạp đảng viên mới"] == (1, 1, 0)
    assert figures["Số buổi sinh hoạt thường kỳ phải họp"] == (12, 12, 0)
    assert figures["Số buổi đã họp"] == (8, 10, 2)
    assert figures["Tỷ lệ sinh hoạt đúng quy định"] == pytest.approx(
        (0.6667, 0.8333, 0.1666), abs=1e-4
    )
    assert figures["Số buổi sinh hoạt chuyên đề"] == (1, 2, 1)
    assert figures["Khen thưởng cá nhân"] == (0, 1, 1)
    assert figures["Khen thưởng tập thể"] == (1, 0, -1)
    # The report's own figures are the period's, as before: the comparison is beside them.
    assert report.figures["party_members"] == 7 and "comparison" not in report.figures


def test_the_year_after_the_merger_is_compared_with_the_year_before(merger, login):
    report = services.build_report(place=merger["new"], period=Period.parse("2027-H1"))

    before, after, figures = comparison_block(rows_of(download(login(merger["staff"]), report)))

    assert before == "Trước sắp xếp\n01/07/2025 – 30/06/2026"
    assert after == "Sau sắp xếp\n01/07/2026 – 30/06/2027"
    assert figures["Số buổi sinh hoạt thường kỳ phải họp"] == (24, 24, 0)


def test_a_report_more_than_a_year_after_the_merger_has_no_comparison(merger, login):
    report = services.build_report(place=merger["new"], period=Period.parse("2027-H2"))

    assert comparison_block(rows_of(download(login(merger["staff"]), report))) is None


def test_the_predecessors_report_has_no_comparison(merger, login, commune_a):
    report = services.build_report(place=commune_a, period=Period.parse("2026-H1"))

    assert comparison_block(rows_of(download(login(merger["staff"]), report))) is None
    assert report.figures["party_members"] == 4


def test_a_monthly_report_compares_the_months_since_with_as_many_before(merger, login):
    report = services.build_report(place=merger["new"], period=Period.parse("2026-08"))

    before, after, figures = comparison_block(rows_of(download(login(merger["staff"]), report)))

    assert before == "Trước sắp xếp\n01/05/2026 – 30/06/2026"
    assert after == "Sau sắp xếp\n01/07/2026 – 31/08/2026"
    # Khu 1 met in May and June, Bản Din in neither; both copies in July and August.
    assert figures["Số buổi sinh hoạt thường kỳ phải họp"] == (4, 4, 0)
    assert figures["Số buổi đã họp"] == (2, 4, 2)


@pytest.fixture
def report(merger):
    return services.build_report(place=merger["new"], period=Period.parse("2026-H2"))


def test_the_successors_staff_and_officers_download_it(officer_a, merger, login, report):
    officer_a.refresh_from_db()  # re-registered in the successor by the merger
    for user in (merger["staff"], officer_a):
        assert comparison_block(rows_of(download(login(user), report))) is not None


def test_an_officer_of_another_commune_gets_404(merger, login, officer_c, report):
    response = login(officer_c).get(reverse("report-download", args=[report.pk]))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_login(merger, client, report):
    response = client.get(reverse("report-download", args=[report.pk]))

    assert response.status_code == 302 and "/login/" in response["Location"]
