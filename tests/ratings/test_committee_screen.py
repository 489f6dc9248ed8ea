"""A province's round rates its commune committees: each commune's staff
enter their committee's own rating, the province approves it; the commune
never approves itself and another commune reads nothing of it."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from cells.constants import Role
from ratings.constants import RatingLevel, ReviewStatus, Subject
from ratings.defaults import default_criteria
from ratings.models import Criterion, Rating, RatingRound, Review
from ratings.screen import CELL_ROW
from tests import factories


@pytest.fixture
def province_round(province):
    return RatingRound.objects.create(
        place=province,
        name="Đánh giá các đảng ủy xã năm 2026",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        committee_criteria=default_criteria(Subject.COMMITTEE),
    )


@pytest.fixture
def committee_a(commune_a):
    return factories.CommitteeFactory(place=commune_a, name="Đảng bộ xã Sơn Lư")


@pytest.fixture
def province_staff(province):
    return factories.UserFactory(username="tinh", place=province, role=Role.STAFF)


def committee_url(rating_round, committee):
    return reverse("ratings-committee", args=[rating_round.pk, committee.pk])


def filled(rating_round, total):
    data = {"action": "save", "row": [CELL_ROW]}
    for c in Criterion.objects.filter(criteria_set=rating_round.committee_criteria):
        data[f"p-{CELL_ROW}-{c.pk}"] = str(c.max_points * total / 100)
    data[f"m-{CELL_ROW}-dung_han"] = data[f"m-{CELL_ROW}-cham_toi_da_20"] = "1"
    return data


def test_the_round_page_lists_the_commune_committees(
    province_round, committee_a, login, province_staff
):
    page = login(province_staff).get(reverse("ratings-round", args=[province_round.pk]))
    text = page.content.decode()
    assert "Đảng bộ xã Sơn Lư" in text and committee_url(province_round, committee_a) in text
    assert "Đảng ủy xã" in text


def test_the_commune_rates_its_committee_and_the_province_approves(
    province_round, committee_a, login, commune_staff, province_staff
):
    url = committee_url(province_round, committee_a)
    commune = login(commune_staff)
    assert commune.post(url, filled(province_round, 75)).status_code == 302
    rating = Rating.objects.get(committee=committee_a)
    assert (rating.subject, rating.level) == (Subject.COMMITTEE, RatingLevel.GOOD)
    assert commune.post(url, {"action": "propose"}).status_code == 302
    assert commune.post(url, {"action": "approve"}).status_code == 403
    assert login(province_staff).post(url, {"action": "approve"}).status_code == 302
    assert Review.objects.get(committee=committee_a).status == ReviewStatus.APPROVED
    locked = login(commune_staff).post(url, filled(province_round, 95))
    assert locked.status_code == 403
    assert Rating.objects.get(committee=committee_a).score == 75
    listed = login(province_staff).get(reverse("dashboard-ratings-list", args=[province_round.pk]))
    assert listed.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(listed.streaming_content))).active
    assert "Đảng bộ xã Sơn Lư" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_another_commune_reads_nothing_of_it(
    province_round, committee_a, login, commune_b_staff, officer_b
):
    url = committee_url(province_round, committee_a)
    for user in (commune_b_staff, officer_b):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, filled(province_round, 75)).status_code == 404
    assert not Rating.objects.exists()
