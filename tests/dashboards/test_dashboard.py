"""The dashboard of a place: /dashboard/ (own place) and /dashboard/<code>/."""

import datetime

import pytest
from django.urls import reverse

from core.periods import Period
from portal.summary import area_figures

DATE = "2023-12-31"


def url(code=None, **query):
    path = reverse("dashboard-place", args=[code]) if code else reverse("dashboard")
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


def test_officer_sees_own_commune_dashboard(area, login, officer_a, commune_a):
    response = login(officer_a).get(url(date=DATE))

    assert response.status_code == 200
    assert response.context["place"] == commune_a
    assert "Chi bộ Khu 1" in response.text
    assert "<svg" in response.text


def test_commune_figures_are_the_area_summary(area, login, officer_a, commune_a):
    response = login(officer_a).get(url("15001", date=DATE))

    assert (
        response.context["summary"]
        == area_figures(commune_a, date=datetime.date(2023, 12, 31)).area
    )


@pytest.mark.parametrize("code", ["2023-07", "2023-Q3", "2023-H1", "2023"])
def test_figures_for_each_period_kind(area, login, district_staff, commune_a, code):
    response = login(district_staff).get(url("15001", period=code))

    period = Period.parse(code)
    assert response.context["summary"] == area_figures(commune_a, period=period).area
    assert response.context["summary"]["admissions"] == {"2023-07": 0}.get(
        code, 1 + (code == "2023")
    )


def test_district_dashboard_lists_communes_with_totals(area, login, district_staff):
    response = login(district_staff).get(url("387", date=DATE))

    assert response.status_code == 200
    names = [figures["place_name"] for figures, _values in response.context["table"]]
    assert sorted(names) == ["Thị trấn Sơn Lư", "Xã Trung Xuân"]
    summary = response.context["summary"]
    assert (summary["party_members"], summary["cells"], summary["hamlets"]) == (5, 3, 3)
    assert reverse("dashboard-place", args=["15001"]) in response.text


def test_province_dashboard(area, login, province, district_staff):
    from tests import factories

    staff = factories.UserFactory(username="tinh", place=province, role="staff")
    response = login(staff).get(url("38", date=DATE))

    assert response.status_code == 200
    assert response.context["summary"]["party_members"] == 5


def test_default_date_of_an_abolished_district_is_its_last_day(
    area, login, district_staff, district
):
    district.valid_to = datetime.date(2025, 6, 30)
    district.save()

    response = login(district_staff).get(url("387"))

    assert response.context["date"] == datetime.date(2025, 6, 30)


def test_bad_period_shows_an_error_and_the_default(area, login, officer_a):
    response = login(officer_a).get(url(period="2023-13"))

    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("user", ["other_district_staff", "officer_b"])
def test_outsiders_get_404(area, login, request, user):
    response = login(request.getfixturevalue(user)).get(url("15001"))

    assert response.status_code == 404


def test_officer_cannot_open_the_district(area, login, officer_a):
    assert login(officer_a).get(url("387")).status_code == 404


def test_anonymous_is_sent_to_login(client, area):
    for path in (url(), url("15001")):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_wrong_method(area, login, officer_a):
    assert login(officer_a).post(url("15001")).status_code == 405


def test_a_district_without_awards_this_year_shows_zero_awards(area, login, district_staff):
    response = login(district_staff).get(url("387", date=DATE))

    summary = response.context["summary"]
    assert (summary["awards_individual"], summary["awards_collective"]) == (0, 0)
    assert "Khen thưởng cá nhân" in [str(label) for _key, label in response.context["columns"]]
    # The awards' card follows the meetings' (the review's come after it).
    themes = [theme for theme, _rows in response.context["cards"]]
    assert themes[themes.index("Khen thưởng") - 1] == "Sinh hoạt chi bộ"
