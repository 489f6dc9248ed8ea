"""Conferences: invited groups resolve to the people holding the posts on
the date, once each."""

import datetime

import pytest
from django.urls import reverse

from cells.constants import PostTypeCode
from meetings.models import Conference, ConferenceInvitation
from tests import factories


def hold(post, name, start, end=None):
    person = factories.PersonFactory(full_name=name, place=post.place)
    factories.HoldingFactory(post=post, person=person, start_date=start, end_date=end)
    return person


@pytest.fixture
def secretaries(cell_a, cell_b, hamlet_other_district):
    post_a = factories.CellPostFactory(cell=cell_a)
    post_b = factories.CellPostFactory(cell=cell_b)
    other = factories.CellPostFactory(cell=factories.CellFactory(hamlet=hamlet_other_district))
    return {
        "old": hold(post_a, "Lò Văn Cũ", datetime.date(2020, 7, 1), datetime.date(2023, 5, 31)),
        "new": hold(post_a, "Lò Văn Mới", datetime.date(2023, 6, 1)),
        "b": hold(post_b, "Hà Văn Bản", datetime.date(2020, 7, 1)),
        "other": hold(other, "Lê Văn Huyện Khác", datetime.date(2020, 7, 1)),
    }


def invite(conference, place, *codes, on_date=None):
    group = ConferenceInvitation.objects.create(conference=conference, place=place, on_date=on_date)
    group.post_types.set([factories.post_type(code) for code in codes])
    return group


def invitee_names(conference):
    return sorted(conference.invitees.values_list("person__full_name", flat=True))


def test_it_invites_the_holders_of_the_post_on_the_conference_date(district, secretaries):
    conference = Conference.objects.create(
        title="Hội nghị bí thư chi bộ", date=datetime.date(2023, 6, 15), host=district
    )
    invite(conference, district, PostTypeCode.CELL_SECRETARY)
    assert conference.resolve_invitations() == 2
    assert invitee_names(conference) == ["Hà Văn Bản", "Lò Văn Mới"]


def test_an_earlier_date_finds_the_holders_of_then(district, secretaries):
    conference = Conference.objects.create(
        title="Hội nghị", date=datetime.date(2023, 6, 15), host=district
    )
    invite(conference, district, PostTypeCode.CELL_SECRETARY, on_date=datetime.date(2023, 1, 1))
    conference.resolve_invitations()
    assert invitee_names(conference) == ["Hà Văn Bản", "Lò Văn Cũ"]


def test_resolving_twice_adds_nobody_twice(district, secretaries):
    conference = Conference.objects.create(
        title="Hội nghị", date=datetime.date(2023, 6, 15), host=district
    )
    invite(conference, district, PostTypeCode.CELL_SECRETARY)
    conference.resolve_invitations()
    assert conference.resolve_invitations() == 0
    assert conference.invitees.count() == 2


def test_a_person_holding_two_invited_posts_is_invited_once(district, hamlet_a, secretaries):
    chief = factories.HamletPostFactory(place=hamlet_a)
    factories.HoldingFactory(
        post=chief, person=secretaries["new"], start_date=datetime.date(2023, 6, 1)
    )
    conference = Conference.objects.create(
        title="Hội nghị", date=datetime.date(2023, 6, 15), host=district
    )
    invite(conference, district, PostTypeCode.CELL_SECRETARY, PostTypeCode.HAMLET_CHIEF)
    conference.resolve_invitations()
    assert invitee_names(conference) == ["Hà Văn Bản", "Lò Văn Mới"]


def test_the_admin_action_resolves_invitations_in_scope_only(
    login, district, district_staff, other_district_staff, secretaries
):
    conference = Conference.objects.create(
        title="Hội nghị", date=datetime.date(2023, 6, 15), host=district
    )
    invite(conference, district, PostTypeCode.CELL_SECRETARY)
    url = reverse("admin:meetings_conference_changelist")
    data = {"action": "resolve_invitations", "_selected_action": [conference.pk]}

    login(other_district_staff).post(url, data)
    assert conference.invitees.count() == 0
    login(district_staff).post(url, data)
    assert conference.invitees.count() == 2
