"""The decision change list counts, for each decision, only the awards the
viewer may see (the read rule), in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award, Decision
from tests import factories

CHANGE_LIST = reverse("admin:awards_decision_changelist")


def counts_shown(response):
    """{decision number: the count its row shows}."""
    html = response.content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    shown = {}
    for row in rows:
        count = re.search(r'<td class="field-award_count">(\d+)</td>', row)
        number = re.search(r"<th class=\"field-number\"><a [^>]*>([^<]+)</a>", row)
        if count and number:
            shown[number.group(1)] = int(count.group(1))
    return shown


def _award(decision, hamlet):
    return Award.objects.create(decision=decision, person=factories.PersonFactory(place=hamlet))


@pytest.fixture
def district_decision(decision, hamlet_a, hamlet_b):
    """The district's decision: 2 awards in commune A, 5 in commune B."""
    for _ in range(2):
        _award(decision, hamlet_a)
    for _ in range(5):
        _award(decision, hamlet_b)
    return decision


def test_an_officer_sees_only_their_communes_awards_counted(login, officer_a, district_decision):
    response = login(officer_a).get(CHANGE_LIST)

    assert response.status_code == 200
    assert counts_shown(response) == {"1125-QĐ/HU": 2}


def test_the_district_staff_see_every_award_of_their_decision(
    login, district_staff, district_decision
):
    assert counts_shown(login(district_staff).get(CHANGE_LIST)) == {"1125-QĐ/HU": 7}


def test_the_counts_cost_the_same_queries_for_one_decision_or_many(
    login, officer_a, district_decision, district_body, hamlet_a
):
    client = login(officer_a)
    client.get(CHANGE_LIST)  # warm the session and content types
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGE_LIST)
    for number in range(10):
        other = Decision.objects.create(
            number=f"{number}-QĐ/HU",
            date=district_decision.date,
            body=district_body,
            form=district_decision.form,
        )
        _award(other, hamlet_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(CHANGE_LIST)

    assert len(counts_shown(response)) == 11
    assert set(counts_shown(response).values()) == {1, 2}
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_list_sorts_by_the_count_the_viewer_sees(
    login, officer_a, district_decision, district_body, hamlet_a, hamlet_b
):
    other = Decision.objects.create(
        number="7-QĐ/HU",
        date=district_decision.date,
        body=district_body,
        form=district_decision.form,
    )
    _award(other, hamlet_a)
    for _ in range(3):
        _award(other, hamlet_b)  # more awards in all, fewer in commune A

    response = login(officer_a).get(CHANGE_LIST, {"o": "6"})  # the count column, ascending

    assert list(counts_shown(response).items()) == [("7-QĐ/HU", 1), ("1125-QĐ/HU", 2)]
