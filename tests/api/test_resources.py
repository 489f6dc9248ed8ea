"""Every resource of the cells records, tried by district staff (in scope),
staff of another district, an officer and an anonymous visitor."""

import pytest


def test_staff_in_scope_lists_and_reads_a_record(api, world, resource, district_staff):
    record = resource.make(world)
    client = api(district_staff)

    listed = client.get(resource.url(), {"page_size": 500})
    detail = client.get(resource.url(record.pk))

    assert listed.status_code == 200
    assert record.pk in [row["id"] for row in listed.json()["results"]]
    assert detail.status_code == 200
    assert detail.json()["id"] == record.pk


def test_staff_in_scope_creates_a_record(api, world, resource, district_staff):
    payload = resource.payload(world)
    before = resource.model.objects.count()

    response = api(district_staff).post(resource.url(), payload, format="json")

    assert response.status_code == 201, response.json()
    assert resource.model.objects.count() == before + 1
    assert resource.model.objects.filter(pk=response.json()["id"]).exists()


def test_staff_in_scope_updates_a_record(api, world, resource, district_staff):
    record = resource.make(world)

    response = api(district_staff).patch(resource.url(record.pk), resource.change, format="json")

    assert response.status_code == 200, response.json()
    for key, value in resource.change.items():
        assert response.json()[key] == value
    record.refresh_from_db()
    assert response.json() == api(district_staff).get(resource.url(record.pk)).json()


def test_staff_in_scope_deletes_a_record(api, world, resource, district_staff):
    record = resource.make(world)

    response = api(district_staff).delete(resource.url(record.pk))

    assert response.status_code == 204
    assert not resource.model.objects.filter(pk=record.pk).exists()


def test_staff_of_another_district_cannot_see_or_change_a_record(
    api, world, resource, other_district_staff
):
    record = resource.make(world)
    client = api(other_district_staff)

    listed = client.get(resource.url(), {"page_size": 500})
    assert record.pk not in [row["id"] for row in listed.json()["results"]]
    assert client.get(resource.url(record.pk)).status_code == 404
    assert client.patch(resource.url(record.pk), resource.change, format="json").status_code == 404
    assert client.delete(resource.url(record.pk)).status_code == 404
    assert resource.model.objects.filter(pk=record.pk).exists()
    unchanged = api(world.district_staff).get(resource.url(record.pk)).json()
    for key, value in resource.change.items():
        assert unchanged[key] != value


def test_staff_of_another_district_cannot_create_a_record_naming_ours(
    api, world, resource, other_district_staff
):
    payload = resource.payload(world)
    before = resource.model.objects.count()

    response = api(other_district_staff).post(resource.url(), payload, format="json")

    assert response.status_code == 400
    assert resource.model.objects.count() == before


def test_an_officer_reads_but_cannot_write(api, world, resource, officer_a):
    record = resource.make(world)
    payload = resource.payload(world)
    before = resource.model.objects.count()
    client = api(officer_a)

    assert client.get(resource.url(record.pk)).status_code == 200
    assert client.post(resource.url(), payload, format="json").status_code == 403
    assert client.patch(resource.url(record.pk), resource.change, format="json").status_code == 403
    assert client.delete(resource.url(record.pk)).status_code == 403
    assert resource.model.objects.count() == before


def test_an_officer_of_another_commune_does_not_see_the_record(api, world, resource, officer_b):
    record = resource.make(world)

    assert api(officer_b).get(resource.url(record.pk)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_gets_401(db, api, world, resource, method):
    record = resource.make(world)
    url = resource.url() if method == "post" else resource.url(record.pk)

    response = getattr(api(), method)(url, {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
