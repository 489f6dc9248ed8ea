"""Excel import of a cell's ratings: the template workbook of the cell,
filled and uploaded on the cell screen, all or nothing, errors naming the
row and the column."""

import io

import openpyxl
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ratings.constants import RatingLevel
from ratings.models import Criterion, Rating


def template(client, rating_round, cell):
    response = client.get(reverse("ratings-template", args=[rating_round.pk, cell.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def filled(workbook, rating_round, total=80, change=None):
    """Every member row of the template given each criterion its share."""
    sheet = workbook.active
    headers = [cell.value for cell in sheet[3]]
    maxima = {
        c.name: c.max_points
        for c in Criterion.objects.filter(criteria_set=rating_round.member_criteria)
    }
    for row in sheet.iter_rows(min_row=4):
        for index, header in enumerate(headers):
            if header in maxima:
                row[index].value = float(maxima[header] * total / 100)
    if change:
        change(sheet, headers)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("danh-gia.xlsx", stream.getvalue())


def upload(client, rating_round, cell, file):
    return client.post(reverse("ratings-upload", args=[rating_round.pk, cell.pk]), {"file": file})


def test_the_template_lists_members_and_criteria(
    rating_round, cell_a, members_a, login, commune_staff
):
    sheet = template(login(commune_staff), rating_round, cell_a).active
    headers = [cell.value for cell in sheet[3]]
    assert headers[:3] == ["Họ và tên", "Số thẻ đảng viên", "Số CCCD"]
    names = [c.name for c in Criterion.objects.filter(criteria_set=rating_round.member_criteria)]
    assert set(names) <= set(headers)
    assert [row[0].value for row in sheet.iter_rows(min_row=4)] == [
        "Lê Văn An",
        "Phạm Văn Bình",
        "Trần Thị Chi",
    ]
    download = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (download.actor, download.additional_data["rows"]) == (commune_staff, 3)
    assert download.additional_data["scope"] == cell_a.path


def test_a_filled_template_saves_every_member(
    rating_round, cell_a, members_a, login, commune_staff
):
    client = login(commune_staff)
    response = upload(
        client, rating_round, cell_a, filled(template(client, rating_round, cell_a), rating_round)
    )

    assert response.status_code == 302
    ratings = Rating.objects.filter(member__isnull=False)
    assert ratings.count() == 3
    assert set(ratings.values_list("level", flat=True)) == {RatingLevel.DONE}  # no condition ticked


def test_conditions_ticked_with_x(rating_round, cell_a, members_a, login, commune_staff):
    client = login(commune_staff)

    def tick(sheet, headers):
        column = next(
            i for i, h in enumerate(headers) if h and "đúng" in h.lower() and "hạn" in h.lower()
        )
        for row in sheet.iter_rows(min_row=4):
            row[column].value = "x"

    response = upload(
        client,
        rating_round,
        cell_a,
        filled(template(client, rating_round, cell_a), rating_round, change=tick),
    )

    assert response.status_code == 302
    assert set(Rating.objects.values_list("level", flat=True)) == {RatingLevel.GOOD}


def test_bad_rows_name_row_and_column_and_write_nothing(
    rating_round, cell_a, members_a, login, commune_staff
):
    client = login(commune_staff)
    first = Criterion.objects.filter(criteria_set=rating_round.member_criteria).first()

    def spoil(sheet, headers):
        column = headers.index(first.name)
        sheet.cell(row=4, column=column + 1).value = 999
        sheet.cell(row=5, column=column + 1).value = -2
        sheet.cell(row=6, column=1).value = "Đỗ Văn Lạ"
        sheet.cell(row=6, column=2).value = sheet.cell(row=6, column=3).value = None

    response = upload(
        client,
        rating_round,
        cell_a,
        filled(template(client, rating_round, cell_a), rating_round, change=spoil),
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert f"Dòng 4, cột “{first.name}”" in text and "vượt quá điểm tối đa" in text
    assert f"Dòng 5, cột “{first.name}”" in text and "không được âm" in text
    assert "Dòng 6, cột “Họ và tên”" in text and "không sinh hoạt ở chi bộ này" in text
    assert not Rating.objects.exists()


def test_a_card_number_of_someone_else_is_refused(
    rating_round, cell_a, members_a, login, commune_staff
):
    members_a[0].card_number = "01234567"
    members_a[0].save()
    client = login(commune_staff)

    def wrong_card(sheet, headers):
        sheet.cell(row=4, column=2).value = "01234567"  # Lê Văn An's row, Trần Thị Chi's card

    response = upload(
        client,
        rating_round,
        cell_a,
        filled(template(client, rating_round, cell_a), rating_round, change=wrong_card),
    )

    assert response.status_code == 400
    assert "Trần Thị Chi" in response.content.decode()
    assert not Rating.objects.exists()


def test_an_import_after_approval_writes_nothing(
    rating_round, cell_a, members_a, login, commune_staff
):
    client = login(commune_staff)
    upload(
        client, rating_round, cell_a, filled(template(client, rating_round, cell_a), rating_round)
    )
    Rating.objects.filter(member__isnull=False)
    review = Rating.objects.first().review
    review.status = "da_duyet"
    review.save()

    response = upload(
        client,
        rating_round,
        cell_a,
        filled(template(client, rating_round, cell_a), rating_round, 95),
    )

    assert response.status_code == 403
    assert set(Rating.objects.values_list("score", flat=True)) == {80}


def test_a_file_that_is_no_workbook_is_refused(
    rating_round, cell_a, members_a, login, commune_staff
):
    response = upload(
        login(commune_staff), rating_round, cell_a, SimpleUploadedFile("x.xlsx", b"not a workbook")
    )
    assert response.status_code == 400
    assert not Rating.objects.exists()
