"""The summary and the places of the API say when a unit closed and name
its successors and predecessors. The merger is tests/dashboards/conftest.py's
(its fixtures imported in tests/api/conftest.py):
Thị trấn Sơn Lư (15001) and Xã Trung Xuân (14995) into Xã Sơn Thủy (15002)
on 01/07/2026."""

import datetime

import pytest
import yaml

from cells.constants import Role
from cells.lineage import refresh_lineage
from cells.models import Place, Succession
from tests import factories

D = datetime.date


def reference(place):
    return {"code": place.code, "name": str(place), "id": place.pk}


def summary(client, **query):
    response = client.get("/api/v1/summary/", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_closed_communes_summary_gives_its_last_day_and_its_successor(merger, api):
    body = summary(api(merger["staff"]), place="15001", date="2026-06-30")

    assert (body["place_name"], body["party_members"]) == ("Thị trấn Sơn Lư", 4)
    assert (body["valid_from"], body["valid_to"]) == (None, "2026-06-30")
    assert body["successors"] == [reference(merger["new"])]
    assert body["predecessors"] == []
    assert body["successors"][0]["code"] == "15002"


def test_the_successors_summary_names_its_predecessors(merger, api, commune_a, commune_b):
    body = summary(api(merger["staff"]), place="15002", date="2026-12-31")

    assert (body["valid_from"], body["valid_to"]) == ("2026-07-01", None)
    assert body["successors"] == []
    assert body["predecessors"] == [reference(commune_a), reference(commune_b)]
    assert body["party_members"] == 7


def test_a_closed_hamlets_summary_names_the_hamlet_that_goes_on(merger, api):
    old = merger["hamlet_a"]

    body = summary(api(merger["staff"]), place_id=old.pk, date="2026-06-30")

    assert body["valid_to"] == "2026-06-30"
    assert body["successors"] == [{"code": "", "name": "Thôn Khu 1", "id": old.successors.get().pk}]


def test_a_closed_districts_successors_are_the_communes_its_communes_went_into(
    api, district, commune_a, commune_b, province
):
    new = []
    for index, commune in enumerate((commune_a, commune_b)):
        unit = factories.CommuneFactory(
            name=f"Mới {index}", code=f"1600{index}", parent=province, valid_from=D(2025, 7, 1)
        )
        Succession.objects.create(predecessor=commune, successor=unit)
        new.append(unit)
    Place.objects.filter(pk__in=[district.pk, commune_a.pk, commune_b.pk]).update(
        valid_to=D(2025, 6, 30)
    )
    refresh_lineage(new)
    staff = factories.UserFactory(username="tinh", place=province, role=Role.STAFF)

    body = summary(api(staff), place="387", date="2025-06-30")

    assert body["valid_to"] == "2025-06-30"
    assert body["successors"] == [reference(unit) for unit in new]


# The token with its account, the place, the scope check, the eleven queries
# of `area_figures` (the review's one: no yearly round in reach here; the
# fees' one: no fee basis recorded in the area; the transfers' one), then
# one query for each list of links, empty or not.
SUMMARY_QUERIES = 3 + 11 + 2


@pytest.mark.parametrize("code, date", [("15010", None), ("15001", None), ("15002", "2026-12-31")])
def test_the_summary_costs_the_same_queries_whatever_the_places_links(
    merger, api, district_staff, django_assert_num_queries, code, date
):
    client = api(district_staff)
    query = {"place": code, **({"date": date} if date else {})}

    with django_assert_num_queries(SUMMARY_QUERIES):
        summary(client, **query)


def test_the_place_api_lists_successors_and_predecessors(merger, api, commune_a, commune_b):
    client = api(merger["staff"])
    new = merger["new"]

    old = client.get(f"/api/v1/places/{commune_a.pk}/").json()
    successor = client.get(f"/api/v1/places/{new.pk}/").json()

    assert (old["valid_to"], old["successors"], old["predecessors"]) == (
        "2026-06-30",
        [new.pk],
        [],
    )
    assert sorted(successor["predecessors"]) == sorted([commune_a.pk, commune_b.pk])


@pytest.mark.parametrize("code", ["15001", "15002"])
def test_an_officer_of_another_commune_gets_404(merger, api, officer_c, code):
    response = api(officer_c).get("/api/v1/summary/", {"place": code})

    assert response.status_code == 404


@pytest.mark.parametrize("code", ["15001", "15002"])
def test_an_anonymous_client_gets_401(merger, api, code):
    assert api().get("/api/v1/summary/", {"place": code}).status_code == 401


def test_the_schema_describes_the_history_keys(client):
    schema = yaml.safe_load(
        client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").content
    )

    summary_schema = schema["components"]["schemas"]["Summary"]
    properties = summary_schema["properties"]
    assert properties["valid_to"] == {
        "type": "string",
        "format": "date",
        "nullable": True,
        "description": properties["valid_to"]["description"],
    }
    assert properties["successors"]["items"] == {"$ref": "#/components/schemas/UnitReference"}
    assert {"valid_from", "valid_to", "successors", "predecessors"} <= set(
        summary_schema["required"]
    )
    assert set(schema["components"]["schemas"]["UnitReference"]["properties"]) == {
        "code",
        "name",
        "id",
    }
