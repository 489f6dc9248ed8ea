"""The report builder service: figures, workbook, idempotence, claims."""

import datetime
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import OperationalError, connection

from core.periods import Period
from portal.models import Report, ReportStatus
from portal.reports import services
from portal.summary import area_figures


def test_commune_report_figures_are_the_area_summary(area, commune_a):
    period = Period.parse("2023-H1")

    report = services.build_report(place=commune_a, period=period)

    assert report.status == ReportStatus.DONE
    assert report.figures == area_figures(commune_a, period=period).area
    assert (report.kind, report.period, report.period_end) == ("half", "2023-H1", period.end)


@pytest.mark.parametrize(
    "code, admissions, members",
    [("2023-08", 1, 4), ("2023-Q3", 1, 4), ("2023-H1", 1, 3), ("2023", 2, 4)],
)
def test_figures_for_each_period_kind(area, commune_a, code, admissions, members):
    """Hand-counted: admitted 10/03/2023 and 05/08/2023 in Khu 1."""
    report = services.build_report(place=commune_a, period=Period.parse(code))

    assert report.figures["admissions"] == admissions
    assert report.figures["party_members"] == members
    assert report.figures["period"] == code


def test_district_report_has_a_row_per_commune(area, district):
    report = services.build_report(place=district, period=Period.parse("2023"))

    figures = dict(report.figures)
    rows = figures.pop("commune_rows")
    assert figures == area_figures(district, period=Period.parse("2023")).area
    assert sorted((row["place_name"], row["party_members"]) for row in rows) == [
        ("Thị trấn Sơn Lư", 4),
        ("Xã Trung Xuân", 1),
    ]


@pytest.fixture
def meetings_of_q3(area, district):
    """Meetings of 2023-Q3, hand-counted, including a cell of the district's
    own committee (above the communes, in no commune's row)."""
    from cells.constants import CellKind
    from meetings.models import CadreAssignment, Meeting
    from tests import factories

    agency = factories.CellFactory(
        hamlet=None,
        committee=factories.CommitteeFactory(place=district),
        kind=CellKind.AGENCY,
        name="Chi bộ Văn phòng Huyện ủy",
    )
    held = [(area["cell_a"], "thuong_ky", month) for month in (7, 8, 9)]
    held += [(area["cell_b"], "thuong_ky", 7), (agency, "thuong_ky", 7), (agency, "thuong_ky", 8)]
    held += [(agency, "ket_hop", 9)]  # regular and thematic at once
    for cell, kind, month in held:
        Meeting.objects.create(cell=cell, kind=kind, date=datetime.date(2023, month, 12))
    CadreAssignment.objects.create(
        person=factories.PersonFactory(place=district),
        cell=area["cell_b"],
        start_date=datetime.date(2022, 1, 1),
    )


def test_district_report_counts_meetings_of_the_district_cells_once(area, district, meetings_of_q3):
    """Four cells expected every month of Q3 (12); held: Khu 1 three months,
    Bản Din one, the district agency three (7); one thematic (the combined
    meeting), so the three other cells lack one; Bản Din's meeting had a cadre
    assigned."""
    period = Period.parse("2023-Q3")

    figures = dict(services.build_report(place=district, period=period).figures)

    rows = {row["place_name"]: row for row in figures.pop("commune_rows")}
    assert figures == area_figures(district, period=period).area
    assert (figures["meetings_expected"], figures["meetings_held"]) == (12, 7)
    assert figures["meeting_compliance"] == 0.5833
    assert (figures["thematic_meetings"], figures["cells_without_thematic"]) == (1, 3)
    assert (figures["meetings_with_cadre_assigned"], figures["cadre_assignments"]) == (1, 1)
    assert figures["cadre_attendance_share"] == 0.0
    by_commune = {
        name: (row["meetings_expected"], row["meetings_held"]) for name, row in rows.items()
    }
    assert by_commune == {"Thị trấn Sơn Lư": (6, 3), "Xã Trung Xuân": (3, 1)}


def test_district_report_rows_count_awards_in_a_year_without_any(area, district):
    report = services.build_report(place=district, period=Period.parse("2023"))

    rows = report.figures["commune_rows"]
    assert [(row["awards_individual"], row["awards_collective"]) for row in rows] == [(0, 0)] * 2


def test_workbook_layout(area, district):
    report = services.build_report(place=district, period=Period.parse("2023-H1"))

    sheet = openpyxl.load_workbook(report.file.path).active
    values = [
        [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
    ]
    flat = [value for row in values for value in row]
    assert values[0] == ["BÁO CÁO SƠ KẾT 6 THÁNG ĐẦU NĂM 2023"]
    assert "Huyện Quan Sơn (mã 387)" in flat
    assert "Số đảng viên" in flat
    assert "Tổng cộng" in flat
    total_row = next(row for row in values if "Tổng cộng" in row)
    after = total_row[total_row.index("Tổng cộng") + 1 :]
    assert after[:3] == [3, 3, 4]  # hamlets, cells, members on 30/06/2023


def test_rerun_replaces_never_duplicates(area, commune_a, django_capture_on_commit_callbacks):
    period = Period.parse("2023-Q4")
    first = services.build_report(place=commune_a, period=period)
    old_file = Path(first.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        second = services.build_report(place=commune_a, period=period)

    assert Report.objects.count() == 1
    assert second.pk == first.pk and second.attempt == 2
    assert Path(second.file.path).exists()
    assert not old_file.exists()


def test_a_live_claim_is_respected_and_a_stale_one_taken_over(area, commune_a):
    period = Period.parse("2023-10")
    report = services.report_for(place=commune_a, period=period)
    assert services.claim(report)
    assert not services.claim(Report.objects.get(pk=report.pk))

    skipped = services.build_report(place=commune_a, period=period)
    assert skipped.status == ReportStatus.BUILDING and not skipped.file

    # The builder died: its claim outlives the task time limit.
    long_ago = report.claimed_at - services.stale_after() - datetime.timedelta(seconds=1)
    Report.objects.filter(pk=report.pk).update(claimed_at=long_ago)
    rebuilt = services.build_report(place=commune_a, period=period)
    assert rebuilt.status == ReportStatus.DONE and rebuilt.file


def test_a_failed_build_leaves_no_file_and_the_previous_report(area, commune_a, monkeypatch):
    period = Period.parse("2023-11")
    good = services.build_report(place=commune_a, period=period)
    files_before = sorted(Path(settings.PORTAL_FILES_ROOT, "reports").rglob("*"))

    def broken(*args, **kwargs):
        Path(args[0]).write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(services, "write_report_workbook", broken)
    with pytest.raises(OSError):
        services.build_report(place=commune_a, period=period)

    report = Report.objects.get(pk=good.pk)
    assert report.status == ReportStatus.FAILED and "disk full" in report.error
    assert report.file.name == good.file.name and report.figures == good.figures
    assert sorted(Path(settings.PORTAL_FILES_ROOT, "reports").rglob("*")) == files_before


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_builds_produce_one_report(reference_data, area, commune_a):
    period = Period.parse("2023-09")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def build():
        # Like the Celery task: a transient database error (SQLite's shared
        # in-memory test database says "table is locked") is tried again.
        try:
            barrier.wait()
            for _attempt in range(50):
                try:
                    results.append(services.build_report(place=commune_a, period=period))
                    return
                except OperationalError:
                    time.sleep(0.05)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors and len(results) == 2
    assert Report.objects.filter(place=commune_a, kind="month", period="2023-09").count() == 1
    report = Report.objects.get(place=commune_a, period="2023-09")
    assert report.status == ReportStatus.DONE
    assert report.attempt in (1, 2)  # the second either waited its turn or was refused
    assert len(list(Path(settings.PORTAL_FILES_ROOT, "reports").rglob("*2023-09*.xlsx"))) == 1
