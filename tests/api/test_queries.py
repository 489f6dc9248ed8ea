"""Every list and detail costs a fixed number of queries whatever the page
size: the token with its account and place, then one count and one page of
rows with their related rows joined (prefetches where a row has a list)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import RESOURCES

LIST_QUERIES = 3  # token + account + place, count, rows (see Resource)


def _queries(client, url, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response


def test_a_list_costs_the_same_queries_for_5_and_50_rows(
    api, world, resource, district_staff, django_assert_max_num_queries
):
    client = api(district_staff)
    records = [resource.make(world) for _ in range(5)]

    few, response = _queries(client, resource.url(), {"page_size": 500})
    assert response.json()["count"] >= 5
    records += [resource.make(world) for _ in range(45)]
    with django_assert_max_num_queries(resource.list_queries):
        many, response = _queries(client, resource.url(), {"page_size": 500})

    assert response.json()["count"] >= 50
    assert many == few


def test_a_detail_costs_a_fixed_number_of_queries(
    api, world, resource, district_staff, django_assert_max_num_queries
):
    record = resource.make(world)
    client = api(district_staff)

    # A list's queries but the count.
    with django_assert_max_num_queries(resource.list_queries - 1):
        _queries(client, resource.url(record.pk))


def test_filtered_lists_stay_at_the_same_count(
    api, world, district_staff, django_assert_max_num_queries
):
    people = next(resource for resource in RESOURCES if resource.path == "people")
    for _ in range(20):
        people.make(world)
    client = api(district_staff)

    # Resolving the place costs one query more.
    with django_assert_max_num_queries(LIST_QUERIES + 1):
        _queries(client, people.url(), {"place": "387", "search": "nguyen", "page_size": 50})


def test_shared_reference_lists_are_bounded(api, district_staff, django_assert_max_num_queries):
    client = api(district_staff)
    for url in ("/api/v1/post-types/", "/api/v1/terms/"):
        with django_assert_max_num_queries(LIST_QUERIES):
            _queries(client, url)


def test_the_reports_list_is_bounded(
    api, district_staff, district, commune_a, django_assert_max_num_queries
):
    from core.periods import Period
    from portal.reports.services import build_report

    for code in ("2023-Q1", "2023-Q2", "2023-Q3"):
        build_report(place=commune_a, period=Period.parse(code))
    client = api(district_staff)

    with django_assert_max_num_queries(LIST_QUERIES):
        _, response = _queries(client, "/api/v1/reports/")
    assert response.json()["count"] == 3
