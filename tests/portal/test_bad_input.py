"""Malformed query strings and bodies, as any signed-in user may type them:
never a 500. Dashboards show the form's error, admin change lists go to
their "?e=1" page with a Vietnamese message, the API answers 400.

The admin change lists and their filter parameters are read from the admin
registry and each ChangeList, so an admin added later is covered too."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from core.periods import FIRST_YEAR, Period, PeriodError, last_year
from portal.dashboards.forms import PickerForm
from tests import factories

JUNK = [
    "abc",
    "1.5",
    "1" * 23,
    "0001",
    "9999-12-31",
    "01/01/0001",
    "31/12/9999",
    "0001..9999",
    "",
    "-1",
    "²",
    "9" * 3000,
]
# Well formed, but years no figure is kept for.
OUT_OF_RANGE = ["9999-12-31", "01/01/0001", "31/12/9999", "0001", "0001..9999", "1929"]
BAD_FILTER = "Bộ lọc trong địa chỉ trang không hợp lệ nên đã được bỏ"
RANGE_MESSAGE = f"Chỉ nhận các năm từ {FIRST_YEAR} đến {last_year()}"


@pytest.fixture
def staff_client(client, district_staff):
    client.force_login(district_staff)
    client.raise_request_exception = False
    return client


@pytest.fixture
def records(hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a)
    return {"hamlet": hamlet_a, "cell": cell}


def _dashboard_urls(records):
    return [
        reverse("dashboard"),
        reverse("dashboard-place", args=["15001"]),
        reverse("dashboard-place", args=["387"]),
        reverse("dashboard-hamlet", args=[records["hamlet"].pk]),
        reverse("dashboard-cell", args=[records["cell"].pk]),
    ]


@pytest.mark.parametrize("parameter", list(PickerForm.base_fields))
def test_no_dashboard_fails_on_a_junk_picker_value(staff_client, records, parameter):
    for url in _dashboard_urls(records):
        for value in JUNK:
            response = staff_client.get(url, {parameter: value})
            assert response.status_code == 200, (url, parameter, value[:30])
            form = response.context["form"]
            for message in form.errors.get(parameter, []):
                assert message in response.content.decode(), (url, parameter, value[:30])


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("date", v) for v in OUT_OF_RANGE[:3]] + [("period", v) for v in OUT_OF_RANGE[3:]],
)
def test_a_dashboard_refuses_years_outside_the_range_with_a_message(
    staff_client, records, parameter, value
):
    for url in _dashboard_urls(records):
        response = staff_client.get(url, {parameter: value})
        assert response.status_code == 200
        assert RANGE_MESSAGE in response.content.decode(), (url, value)


def _admin_ids():
    return [f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry]


def _changelist_url(model_id):
    app_label, model_name = model_id.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


@pytest.mark.parametrize("model_id", _admin_ids())
def test_no_admin_change_list_fails_on_a_junk_filter_value(
    staff_client, admin_user, records, model_id
):
    url = _changelist_url(model_id)
    response = staff_client.get(url)
    if response.status_code == 403:  # superusers only: try those as a superuser
        staff_client.force_login(admin_user)
        response = staff_client.get(url)
    assert response.status_code == 200
    parameters = {
        name for spec in response.context["cl"].filter_specs for name in spec.expected_parameters()
    }
    # Any foreign key may be typed into the address, listed as a filter or not.
    model = apps.get_model(model_id)
    for field in model._meta.get_fields():
        if field.many_to_one:
            parameters |= {field.name, f"{field.name}__id__exact", f"{field.name}__in"}
    for parameter in sorted(parameters):
        for value in JUNK:
            response = staff_client.get(url, {parameter: value})
            assert response.status_code in (200, 302), (parameter, value[:30])
            if response.status_code == 302:
                assert response["Location"].endswith("?e=1"), (parameter, value[:30])
                shown = staff_client.get(response["Location"])
                assert BAD_FILTER in shown.content.decode()


def test_the_tree_filters_and_foreign_keys_refuse_a_bad_value_instead_of_failing(
    staff_client, records
):
    for query in (
        "commune=abc",
        "hamlet=abc",
        "commune=1.5",
        f"commune={'1' * 23}",
        f"person={'1' * 23}",
    ):
        response = staff_client.get(f"{reverse('admin:cells_holding_changelist')}?{query}")
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")


def test_a_repeated_bad_filter_gets_a_vietnamese_page(staff_client, records):
    response = staff_client.get(
        reverse("admin:cells_holding_changelist"), {"commune": "abc", "e": 1}
    )
    assert response.status_code == 200
    assert BAD_FILTER in response.content.decode()


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("date", "9999-12-31"),
        ("date", "31/12/9999"),
        ("date", "0001-01-01"),
        ("period", "0001..9999"),
        ("period", "0001"),
        ("period", "9999-Q4"),
    ],
)
def test_the_api_summary_refuses_years_outside_the_range(staff_client, parameter, value):
    response = staff_client.get("/api/v1/summary/", {"place": "387", parameter: value})
    assert response.status_code == 400
    assert RANGE_MESSAGE in response.json()[parameter][0]


@pytest.mark.parametrize(("parameter", "value"), [("date", "9999-12-31"), ("period", "0001")])
def test_the_api_date_filters_refuse_years_outside_the_range(staff_client, parameter, value):
    for resource in ("holdings", "reports"):
        response = staff_client.get(f"/api/v1/{resource}/", {parameter: value})
        assert response.status_code == 400
        assert RANGE_MESSAGE in response.json()[parameter][0]


def test_a_json_body_nested_too_deep_is_a_400(staff_client):
    body = "[" * 5000 + "]" * 5000
    response = staff_client.post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 400
    assert "Dữ liệu JSON không hợp lệ" in response.json()["detail"]


def test_periods_are_refused_outside_the_founding_year_to_next_year():
    assert Period.parse(str(FIRST_YEAR)).start == datetime.date(FIRST_YEAR, 1, 1)
    assert Period.parse(f"{last_year()}-Q4").end == datetime.date(last_year(), 12, 31)
    for text in (
        "0001",
        "1929-12",
        "0001..9999",
        f"{last_year() + 1}-H1",
        f"2020..{last_year() + 1}",
    ):
        with pytest.raises(PeriodError, match=RANGE_MESSAGE):
            Period.parse(text)


def test_the_badge_list_refuses_a_presentation_year_outside_the_range(staff_client, district):
    url = reverse("admin:awards_decision_badges")
    response = staff_client.get(url, {"place": district.pk, "date": "03/02/9999"})
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()


def test_the_vacant_posts_filter_refuses_a_year_outside_the_range(staff_client):
    response = staff_client.get("/api/v1/posts/", {"vacant_on": "9999-12-31"})
    assert response.status_code == 400
    assert RANGE_MESSAGE in response.json()["vacant_on"][0]
