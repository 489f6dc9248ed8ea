"""A single-seat post never gets two holders, even when both are sent at once."""

import pytest

from cells.models import Holding
from tests import factories
from tests.threads import at_once


@pytest.mark.django_db(transaction=True)
def test_two_holders_posted_at_once_for_one_seat_get_one_201_and_one_400(
    reference_data, api, district_staff, hamlet_a
):
    post = factories.HamletPostFactory(place=hamlet_a)
    people = factories.PersonFactory.create_batch(2, place=hamlet_a)
    bodies = [
        {"person": person.pk, "post": post.pk, "start_date": "2023-01-01"} for person in people
    ]
    clients = [api(district_staff) for _body in bodies]

    responses = at_once(
        *(
            lambda client=client, body=body: client.post("/api/v1/holdings/", body, format="json")
            for client, body in zip(clients, bodies, strict=True)
        )
    )

    assert sorted(response.status_code for response in responses) == [201, 400]
    refused = next(response for response in responses if response.status_code == 400)
    assert refused.json() == {
        "non_field_errors": [f"Vị trí {post} đã có người giữ trong khoảng thời gian này."]
    }
    assert Holding.objects.filter(post=post).count() == 1
