"""Decisions and awards through the API: a commune sees the district's
decision that commended it, with its own rows only, and cannot change it."""

import datetime

import pytest

from awards.models import Award, CommendationForm, Decision, IssuingBody
from cells.constants import Role
from tests import factories

D = datetime.date


@pytest.fixture
def district_decision(district):
    body = IssuingBody.objects.create(name="Ban Thường vụ Huyện ủy Quan Sơn", place=district)
    return Decision.objects.create(
        number="1125-QĐ/HU",
        date=D(2022, 5, 5),
        body=body,
        form=CommendationForm.objects.get(code="giay_khen"),
    )


@pytest.fixture
def commune_a_staff(commune_a):
    return factories.UserFactory(username="sonlu-staff", place=commune_a, role=Role.STAFF)


def _award(decision, hamlet, name):
    person = factories.PersonFactory(full_name=name, place=hamlet)
    return Award.objects.create(decision=decision, person=person)


def test_an_officer_sees_the_district_decision_with_their_rows_only(
    api, officer_a, district_decision, hamlet_a, hamlet_b
):
    mine = _award(district_decision, hamlet_a, "Hà Văn Khen")
    _award(district_decision, hamlet_b, "Lò Văn Khác")
    client = api(officer_a)

    decision = client.get(f"/api/v1/decisions/{district_decision.pk}/").json()
    awards = client.get("/api/v1/awards/", {"decision": district_decision.pk}).json()

    assert decision["award_count"] == 1
    assert [row["id"] for row in awards["results"]] == [mine.pk]
    assert awards["results"][0]["recipient_name"] == "Hà Văn Khen"


def test_commune_staff_cannot_change_a_district_decision_or_add_to_it(
    api, commune_a_staff, district_decision, hamlet_a
):
    _award(district_decision, hamlet_a, "Hà Văn Khen")
    person = factories.PersonFactory(place=hamlet_a)
    client = api(commune_a_staff)

    change = client.patch(
        f"/api/v1/decisions/{district_decision.pk}/", {"signer": "Ai Đó"}, format="json"
    )
    add = client.post(
        "/api/v1/awards/", {"decision": district_decision.pk, "person": person.pk}, format="json"
    )

    # Seen (it commended commune A) but not theirs to change: 403, not 404.
    assert change.status_code == 403
    assert add.status_code == 400
    assert list(add.json()) == ["decision"]
    assert Award.objects.filter(decision=district_decision).count() == 1


def test_district_staff_add_an_award_with_the_post_held_that_day(
    api, district_staff, district_decision, hamlet_a
):
    person = factories.PersonFactory(full_name="Lương Thị Bí", place=hamlet_a)
    factories.HoldingFactory(
        person=person, post=factories.HamletPostFactory(place=hamlet_a), start_date=D(2020, 7, 1)
    )

    response = api(district_staff).post(
        "/api/v1/awards/", {"decision": district_decision.pk, "person": person.pk}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["recipient_name"] == "Lương Thị Bí"
    assert response.json()["post_title"]
    assert response.json()["recipient_place"] == hamlet_a.pk


def test_an_award_needs_exactly_one_recipient(api, district_staff, district_decision, hamlet_a):
    cell = factories.CellFactory(hamlet=hamlet_a)
    person = factories.PersonFactory(place=hamlet_a)

    response = api(district_staff).post(
        "/api/v1/awards/",
        {"decision": district_decision.pk, "person": person.pk, "cell": cell.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Award.objects.exists()


def test_decisions_filter_by_period_and_form(api, district_staff, district_decision):
    client = api(district_staff)

    in_2022 = client.get("/api/v1/decisions/", {"period": "2022", "form": "giay_khen"}).json()
    in_2023 = client.get("/api/v1/decisions/", {"period": "2023"}).json()
    flags = client.get("/api/v1/decisions/", {"form": "co_thi_dua"}).json()

    assert [row["id"] for row in in_2022["results"]] == [district_decision.pk]
    assert in_2023["count"] == flags["count"] == 0
