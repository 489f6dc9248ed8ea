"""A single-seat post never gets two holders from the admin, even when two
officials add one at the same moment."""

import pytest
from django.test import Client
from django.urls import reverse

from cells.models import Holding
from tests import factories
from tests.threads import at_once


@pytest.mark.django_db(transaction=True)
def test_two_holders_added_at_once_leave_one_and_tell_the_other(
    reference_data, district_staff, hamlet_a
):
    post = factories.HamletPostFactory(place=hamlet_a)
    people = factories.PersonFactory.create_batch(2, place=hamlet_a)
    clients = [Client() for _person in people]
    for client in clients:
        client.force_login(district_staff)
    url = reverse("admin:cells_holding_add")

    def add(client, person):
        return client.post(url, {"person": person.pk, "post": post.pk, "start_date": "01/01/2023"})

    responses = at_once(
        *(
            lambda client=client, person=person: add(client, person)
            for client, person in zip(clients, people, strict=True)
        )
    )

    assert sorted(response.status_code for response in responses) == [200, 302]
    refused = next(response for response in responses if response.status_code == 200)
    assert f"Vị trí {post} đã có người giữ trong khoảng thời gian này." in refused.content.decode()
    assert Holding.objects.filter(post=post).count() == 1


def test_two_new_holders_of_one_form_are_refused_before_either_is_written(
    login, district_staff, hamlet_a
):
    post = factories.HamletPostFactory(place=hamlet_a)
    first, second = factories.PersonFactory.create_batch(2, place=hamlet_a)
    rows = {
        "holdings-TOTAL_FORMS": "2",
        "holdings-INITIAL_FORMS": "0",
        "holdings-MIN_NUM_FORMS": "0",
        "holdings-MAX_NUM_FORMS": "1000",
        "holdings-0-person": first.pk,
        "holdings-0-start_date": "01/01/2023",
        "holdings-1-person": second.pk,
        "holdings-1-start_date": "01/06/2023",
    }

    response = login(district_staff).post(
        reverse("admin:cells_post_change", args=[post.pk]),
        {"post_type": post.post_type_id, "place": hamlet_a.pk, **rows},
    )

    assert response.status_code == 200
    assert f"Vị trí {post} đã có người giữ trong khoảng thời gian này." in response.content.decode()
    assert not Holding.objects.filter(post=post).exists()


def test_two_holders_of_one_form_one_after_the_other_are_both_written(
    login, district_staff, hamlet_a
):
    post = factories.HamletPostFactory(place=hamlet_a)
    first, second = factories.PersonFactory.create_batch(2, place=hamlet_a)
    rows = {
        "holdings-TOTAL_FORMS": "2",
        "holdings-INITIAL_FORMS": "0",
        "holdings-MIN_NUM_FORMS": "0",
        "holdings-MAX_NUM_FORMS": "1000",
        "holdings-0-person": first.pk,
        "holdings-0-start_date": "01/01/2020",
        "holdings-0-end_date": "31/12/2022",
        "holdings-1-person": second.pk,
        "holdings-1-start_date": "01/01/2023",
    }

    response = login(district_staff).post(
        reverse("admin:cells_post_change", args=[post.pk]),
        {"post_type": post.post_type_id, "place": hamlet_a.pk, **rows},
    )

    assert response.status_code == 302
    assert Holding.objects.filter(post=post).count() == 2
