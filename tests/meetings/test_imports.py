"""Backfilling past meetings from a workbook: all or nothing, every error
named by row and column, cells only from the user's scope."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.constants import MeetingKind
from meetings.imports import ImportFailed, UploadError, import_meetings
from meetings.models import Meeting

from .conftest import MeetingFactory, xlsx_bytes

GOOD = [
    ["Chi bộ Khu 1", "Sơn Lư", datetime.date(2021, 3, 5), "Thường kỳ", 120, 25, 2, 1, "Kinh tế"],
    ["Khu 1", "", "12/03/2021", "Chuyên đề", 95, 20, 3, 0, "Nông thôn mới"],
]


def rows_with(**changes):
    """The two good rows plus one row built from the first with `changes`."""
    keys = ["cell", "commune", "date", "kind", "duration", "present", "excused", "unexcused"]
    bad = list(GOOD[0])
    bad[2] = datetime.date(2021, 4, 5)
    for key, value in changes.items():
        bad[keys.index(key)] = value
    return [GOOD[0], GOOD[1], bad]


def test_it_imports_good_rows_with_counts_and_tags(district_staff, cell_a):
    result = import_meetings(xlsx_bytes(GOOD[:2]), district_staff)
    assert result.rows == 2 and result.written
    first = Meeting.objects.get(kind=MeetingKind.REGULAR)
    assert (first.date, first.duration_minutes, first.reported_present) == (
        datetime.date(2021, 3, 5),
        120,
        25,
    )
    assert [tag.code for tag in first.tags.all()] == ["kinh_te"]
    assert Meeting.objects.get(kind=MeetingKind.THEMATIC).date == datetime.date(2021, 3, 12)


def test_it_reads_a_csv_too(district_staff, cell_a):
    content = "Chi bộ;Ngày họp;Loại;Thời lượng (phút)\nKhu 1;05/03/2021;Kết hợp;130\n"
    assert import_meetings(content.encode(), district_staff).rows == 1
    assert Meeting.objects.get().kind == MeetingKind.COMBINED


@pytest.mark.parametrize(
    "changes, column, words",
    [
        ({"date": "31/02/2021"}, "Ngày họp", "không phải ngày"),
        ({"kind": "Họp chợ"}, "Loại", "Không hiểu"),
        ({"duration": "90 phút"}, "Thời lượng (phút)", "số nguyên"),
        ({"present": -3}, "Có mặt", "số nguyên"),
        ({"cell": "Chi bộ Không Có"}, "Chi bộ", "phạm vi"),
        ({"cell": "Chi bộ Bản Din"}, "Chi bộ", "phạm vi"),  # commune B, officer of A's scope
        ({"date": datetime.date(1999, 5, 1)}, "Ngày họp", "chưa thành lập"),
        ({"date": datetime.date(2021, 3, 5)}, "Ngày họp", "Trùng với dòng 2"),
    ],
)
def test_a_bad_row_names_row_and_column_and_writes_nothing(
    commune_a, cell_a, cell_b, changes, column, words
):
    from tests import factories

    commune_staff = factories.UserFactory(username="nhaplieu", place=commune_a, role="staff")
    with pytest.raises(ImportFailed) as failure:
        import_meetings(xlsx_bytes(rows_with(**changes)), commune_staff)
    [error] = failure.value.errors
    assert (error.row, error.column) == (4, column)
    assert words in error.message
    assert not Meeting.objects.exists()


def test_a_meeting_already_recorded_is_refused(district_staff, cell_a):
    MeetingFactory(cell=cell_a, date=datetime.date(2021, 3, 5))
    with pytest.raises(ImportFailed) as failure:
        import_meetings(xlsx_bytes(GOOD[:2]), district_staff)
    assert "đã có" in str(failure.value)
    assert Meeting.objects.count() == 1


def test_a_cell_of_another_district_is_unknown(other_district_staff, cell_a):
    with pytest.raises(ImportFailed):
        import_meetings(xlsx_bytes(GOOD[:2]), other_district_staff)
    assert not Meeting.objects.exists()


def test_a_renamed_binary_is_refused(district_staff, cell_a):
    with pytest.raises(UploadError):
        import_meetings(b"\x7fELF\x02\x01\x01" + bytes(200), district_staff)


def test_the_admin_imports_for_staff_after_a_preview(login, district_staff, cell_a):
    url = reverse("admin:meetings_meeting_excel_import")
    client = login(district_staff)
    upload = SimpleUploadedFile("hop.xlsx", xlsx_bytes(GOOD[:2]))
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert not Meeting.objects.exists()
    confirmed = client.post(url, {"token": preview.context["token"]})
    assert confirmed.status_code == 302
    assert Meeting.objects.count() == 2


def test_an_officer_cannot_import(login, officer_a, cell_a):
    url = reverse("admin:meetings_meeting_excel_import")
    upload = SimpleUploadedFile("hop.xlsx", xlsx_bytes(GOOD[:2]))
    client = login(officer_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload}).status_code == 403
    assert (
        "nhap-excel"
        not in client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    )
    assert not Meeting.objects.exists()


def test_the_admin_shows_every_error_and_writes_nothing(login, district_staff, cell_a):
    url = reverse("admin:meetings_meeting_excel_import")
    upload = SimpleUploadedFile("hop.xlsx", xlsx_bytes(rows_with(date="32/13/2021")))
    response = login(district_staff).post(url, {"file": upload})
    [error] = response.context["errors"]
    assert (error.row, error.column) == (4, "Ngày họp")
    assert "<td>4</td><td>Ngày họp</td>" in response.content.decode()
    assert not Meeting.objects.exists()
