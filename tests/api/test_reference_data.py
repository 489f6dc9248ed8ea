"""Post types and terms are shared by every place: everyone signed in reads
them, only superusers change them."""

import pytest

from cells import models
from tests import factories


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True, place=None)


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        (
            "/api/v1/terms/",
            {"name": "2025–2030", "start_date": "2025-07-01", "end_date": "2030-06-30"},
        ),
        (
            "/api/v1/post-types/",
            {"code": "truong_ban_tt", "name": "Trưởng ban thanh tra", "scope": "hamlet"},
        ),
    ],
)
def test_staff_and_officers_read_but_only_a_superuser_writes(
    api, district_staff, officer_a, superuser, url, payload
):
    factories.TermFactory()

    assert api(officer_a).get(url).json()["count"] >= 1
    assert api(district_staff).get(url).status_code == 200
    assert api(district_staff).post(url, payload, format="json").status_code == 403
    assert api(officer_a).post(url, payload, format="json").status_code == 403
    assert api(superuser).post(url, payload, format="json").status_code == 201


def test_the_official_post_types_are_listed_in_their_order(api, officer_a):
    response = api(officer_a).get("/api/v1/post-types/", {"page_size": 100})

    codes = [row["code"] for row in response.json()["results"]]
    assert codes[:2] == ["bi_thu", "truong_thon"]
    assert set(codes) == set(models.PostType.objects.values_list("code", flat=True))


def test_terms_filter_by_date(api, officer_a):
    factories.TermFactory(name="2017–2020", start_date="2017-01-01", end_date="2020-06-30")
    current = factories.TermFactory(name="2020–2025")

    response = api(officer_a).get("/api/v1/terms/", {"date": "2023-01-01"})

    assert [row["id"] for row in response.json()["results"]] == [current.pk]
