"""Probation and recognition as a full member: twelve months from the
admission decision, due on its anniversary (1 March for 29 February), the
lists of those overdue or due within 30 and 60 days, and the recognition
decision on the member."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cells.models import PartyMember
from members.constants import RecognitionWindow
from members.recognition import (
    awaiting_recognition,
    earliest_admission_completing_by,
    recognition_counts,
)
from tests import factories

D = datetime.date
OVERDUE, DAYS_30, DAYS_60 = (
    RecognitionWindow.OVERDUE,
    RecognitionWindow.DAYS_30,
    RecognitionWindow.DAYS_60,
)


def probationary(place, name, admitted_on, **fields):
    person = factories.PersonFactory(full_name=name, place=place)
    return factories.PartyMemberFactory(person=person, admitted_on=admitted_on, **fields)


def windows_of(member, date):
    rows = PartyMember.objects.filter(pk=member.pk)
    return {window for window in RecognitionWindow if awaiting_recognition(rows, date, window)}


def test_probation_ends_on_the_anniversary_of_admission(db):
    assert PartyMember(admitted_on=D(2025, 6, 10)).probation_ends == D(2026, 6, 10)
    assert PartyMember(admitted_on=D(2024, 2, 29)).probation_ends == D(2025, 3, 1)
    assert PartyMember(admitted_on=D(2023, 2, 28)).probation_ends == D(2024, 2, 28)


def test_exactly_twelve_months_later_recognition_is_due_not_overdue(hamlet_a):
    member = probationary(hamlet_a, "Lò Văn Mới", D(2025, 6, 10))
    assert windows_of(member, D(2026, 6, 9)) == {DAYS_30, DAYS_60}
    assert windows_of(member, D(2026, 6, 10)) == {DAYS_30, DAYS_60}
    assert windows_of(member, D(2026, 6, 11)) == {OVERDUE}


def test_admitted_on_29_february_probation_is_complete_on_1_march(hamlet_a):
    member = probationary(hamlet_a, "Lò Thị Nhuận", D(2024, 2, 29))
    assert windows_of(member, D(2025, 2, 28)) == {DAYS_30, DAYS_60}
    assert windows_of(member, D(2025, 3, 1)) == {DAYS_30, DAYS_60}
    assert windows_of(member, D(2025, 3, 2)) == {OVERDUE}


def test_the_windows_end_thirty_and_sixty_days_ahead_inclusive(hamlet_a):
    member = probationary(hamlet_a, "Lò Văn Mới", D(2025, 6, 10))
    assert windows_of(member, D(2026, 5, 11)) == {DAYS_30, DAYS_60}  # 30 days ahead
    assert windows_of(member, D(2026, 5, 10)) == {DAYS_60}  # 31 days
    assert windows_of(member, D(2026, 4, 11)) == {DAYS_60}  # 60 days
    assert windows_of(member, D(2026, 4, 10)) == set()  # 61 days


def test_the_admission_bound_around_leap_days():
    # Probation completing on or after 1/3/2025 starts with admissions of 29/2/2024.
    assert earliest_admission_completing_by(D(2025, 3, 1)) == D(2024, 2, 29)
    # No probation ends on 29/02/2024: it follows 28/02/2023's.
    assert earliest_admission_completing_by(D(2024, 2, 29)) == D(2023, 3, 1)
    assert earliest_admission_completing_by(D(2026, 6, 10)) == D(2025, 6, 10)


def test_full_members_and_those_who_left_are_not_listed(hamlet_a):
    full = probationary(hamlet_a, "Lò Văn Đủ", D(2023, 6, 1), full_member_on=D(2025, 1, 1))
    left = probationary(
        hamlet_a, "Lò Văn Rời", D(2023, 6, 1), left_on=D(2025, 1, 1), left_reason="ra_khoi_dang"
    )
    assert windows_of(full, D(2025, 6, 1)) == set()
    assert windows_of(left, D(2025, 6, 1)) == set()
    # Before those dates, both were overdue.
    assert windows_of(full, D(2024, 12, 31)) == {OVERDUE}
    assert windows_of(left, D(2024, 12, 31)) == {OVERDUE}


def test_the_counts_are_one_query(hamlet_a, commune_a, django_assert_num_queries):
    probationary(hamlet_a, "Lò Văn Một", D(2025, 1, 1))  # overdue on 10/06/2026
    probationary(hamlet_a, "Lò Văn Hai", D(2025, 6, 20))  # in 10 days
    probationary(hamlet_a, "Lò Văn Ba", D(2025, 7, 30))  # in 50 days
    with django_assert_num_queries(1):
        counts = recognition_counts(PartyMember.objects.within(commune_a), D(2026, 6, 10))
    assert counts == {"qua_han": 1, "30_ngay": 1, "60_ngay": 2}


def recognised(member, **fields):
    for name, value in {
        "recognition_number": "12-QĐ/ĐU",
        "recognition_body": "Đảng ủy xã",
        **fields,
    }.items():
        setattr(member, name, value)
    return member


def test_a_recognition_decision_before_twelve_months_is_refused(hamlet_a):
    member = probationary(hamlet_a, "Lò Thị Nhuận", D(2024, 2, 29))
    recognised(member, full_member_on=D(2025, 2, 28), recognition_date=D(2025, 3, 5))
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert refused.value.message_dict["full_member_on"] == [
        "Chưa đủ 12 tháng dự bị: vào Đảng ngày 29/02/2024, sớm nhất ngày 01/03/2025 "
        "mới được công nhận chính thức."
    ]


def test_recognition_exactly_twelve_months_later_is_recorded(hamlet_a):
    member = probationary(hamlet_a, "Lò Thị Nhuận", D(2024, 2, 29))
    recognised(member, full_member_on=D(2025, 3, 1), recognition_date=D(2025, 3, 1))
    member.full_clean()
    member.save()
    assert windows_of(member, D(2025, 3, 1)) == set()


def test_a_recognition_decision_needs_the_date_of_full_membership(hamlet_a):
    member = probationary(hamlet_a, "Lò Văn Mới", D(2024, 1, 10))
    recognised(member, recognition_date=D(2025, 1, 15))
    with pytest.raises(ValidationError, match="phải có ngày chính thức"):
        member.full_clean()


# The admin filter ------------------------------------------------------------------


@pytest.fixture
def due_members(hamlet_a, hamlet_b):
    today = datetime.date.today()
    return {
        "overdue_a": probationary(hamlet_a, "Hà Văn Quá", today.replace(year=today.year - 2)),
        "overdue_b": probationary(hamlet_b, "Khuất Văn Quá", today.replace(year=today.year - 2)),
        "soon_a": probationary(
            hamlet_a, "Hà Văn Sắp", today.replace(year=today.year - 1) + datetime.timedelta(days=10)
        ),
    }


def changelist(client, **query):
    return client.get(reverse("admin:cells_partymember_changelist"), query)


def test_the_admin_filter_lists_the_overdue_in_scope(login, officer_a, district_staff, due_members):
    page = changelist(login(officer_a), chinh_thuc="qua_han").content.decode()
    assert "Hà Văn Quá" in page and "Hà Văn Sắp" not in page and "Khuất Văn Quá" not in page
    page = changelist(login(district_staff), chinh_thuc="qua_han").content.decode()
    assert "Hà Văn Quá" in page and "Khuất Văn Quá" in page


def test_the_admin_filter_lists_those_due_within_30_days(login, officer_a, due_members):
    page = changelist(login(officer_a), chinh_thuc="30_ngay").content.decode()
    assert "Hà Văn Sắp" in page and "Hà Văn Quá" not in page


def test_the_admin_filter_by_commune(login, district_staff, due_members, commune_b):
    page = changelist(login(district_staff), chinh_thuc="qua_han", commune=commune_b.pk)
    text = page.content.decode()
    assert "Khuất Văn Quá" in text and "Hà Văn Quá" not in text


def test_the_other_communes_officer_sees_none_of_them(login, officer_b, due_members):
    page = changelist(login(officer_b), chinh_thuc="qua_han").content.decode()
    assert "Hà Văn" not in page and "Khuất Văn Quá" in page


# The API ---------------------------------------------------------------------------


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    def client(user):
        api_client = APIClient()
        api_client.force_authenticate(user)
        return api_client

    return client


def names(response):
    assert response.status_code == 200, response.content
    return {row["full_name"] for row in response.json()["results"]}


def test_the_api_lists_the_members_due_in_scope(api, officer_a, officer_b, due_members):
    url = "/api/v1/recognition-due/"
    assert names(api(officer_a).get(url)) == {"Hà Văn Quá", "Hà Văn Sắp"}
    assert names(api(officer_a).get(url, {"window": "qua_han"})) == {"Hà Văn Quá"}
    assert names(api(officer_b).get(url)) == {"Khuất Văn Quá"}


def test_the_api_counts_at_a_date_and_by_cell(api, district_staff, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")
    member = probationary(hamlet_a, "Lò Thị Nhuận", D(2024, 2, 29))
    factories.CellMembershipFactory(member=member, cell=cell, start_date=D(2024, 2, 29))
    url = "/api/v1/recognition-due/"
    response = api(district_staff).get(url, {"date": "2025-02-01", "cell": cell.pk})
    assert response.json()["results"] == [
        {
            "id": member.pk,
            "full_name": "Lò Thị Nhuận",
            "card_number": member.card_number,
            "admitted_on": "2024-02-29",
            "probation_ends": "2025-03-01",
            "cell_name": "Chi bộ Khu 1",
        }
    ]
    assert names(api(district_staff).get(url, {"date": "2025-03-02", "window": "30_ngay"})) == set()


def test_the_api_list_is_read_only(api, district_staff, due_members):
    response = api(district_staff).post("/api/v1/recognition-due/", {})
    assert response.status_code == 405


def test_the_api_list_costs_the_same_queries_whatever_the_size(
    api, officer_a, hamlet_a, django_assert_num_queries
):
    client = api(officer_a)
    for n in range(3):
        probationary(hamlet_a, f"Hà Văn Số {n}", D(2020, 1, 1 + n))
    with django_assert_num_queries(RECOGNITION_API_QUERIES) as small:
        client.get("/api/v1/recognition-due/")
    for n in range(10):
        probationary(hamlet_a, f"Hà Văn Thêm {n}", D(2020, 2, 1 + n))
    with django_assert_num_queries(RECOGNITION_API_QUERIES):
        assert len(client.get("/api/v1/recognition-due/").json()["results"]) == 13
    assert small


# The count, the rows (a forced login reads no token or account).
RECOGNITION_API_QUERIES = 2


def test_the_recognition_is_recorded_through_the_api_by_staff_only(
    api, district_staff, officer_a, hamlet_a
):
    member = probationary(hamlet_a, "Lò Thị Nhuận", D(2024, 2, 29))
    url = f"/api/v1/party-members/{member.pk}/"
    early = {
        "full_member_on": "2025-02-28",
        "recognition_number": "15-QĐ/ĐU",
        "recognition_date": "2025-03-10",
        "recognition_body": "Đảng ủy thị trấn Sơn Lư",
    }
    assert api(officer_a).patch(url, early, format="json").status_code == 403
    refused = api(district_staff).patch(url, early, format="json")
    assert refused.status_code == 400
    assert "Chưa đủ 12 tháng dự bị" in refused.content.decode()
    member.refresh_from_db()
    assert member.full_member_on is None and member.recognition_number == ""
    on_time = api(district_staff).patch(
        url, {**early, "full_member_on": "2025-03-01"}, format="json"
    )
    assert on_time.status_code == 200, on_time.content
    assert on_time.json()["recognition_number"] == "15-QĐ/ĐU"
