"""API clients for the four visitors of every test (district staff, officers
of communes A and B, staff of another district) plus anonymous, and a
description of each resource: how to make a record in commune A, a valid
payload naming commune A's records, and a change to apply."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cells import models
from cells.constants import PostTypeCode
from tests import factories


@pytest.fixture
def api():
    """`api(user)`: a client authenticated with a token of `user` (or anonymous)."""

    def _client(user=None, language="vi"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


@dataclass
class Resource:
    """One API resource in the matrix of visitors × actions."""

    path: str
    model: Any
    make: Any  # (world) -> a record in commune A
    payload: Any  # (world) -> a valid body for POST naming commune A's records
    change: dict = field(default_factory=dict)

    def url(self, pk=None):
        return f"/api/v1/{self.path}/" + (f"{pk}/" if pk is not None else "")

    def __str__(self):
        return self.path


class World:
    """The shared fixtures, reachable by name from the resource table."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@pytest.fixture
def world(request):
    return World(request)


def _committee(world):
    # Not the factory: it reuses the one committee of a place.
    return models.PartyCommittee.objects.create(name="Đảng bộ Sơn Lư", place=world.commune_a)


def _cell(world):
    return factories.CellFactory(hamlet=world.hamlet_a)


def _person(world, **extra):
    return factories.PersonFactory(place=world.hamlet_a, **extra)


def _member(world):
    return factories.PartyMemberFactory(person=_person(world))


def _post(world, code=PostTypeCode.HAMLET_CHIEF):
    """A post in a hamlet of its own, so that several never share a seat."""
    hamlet = factories.HamletFactory(parent=world.commune_a)
    return factories.HamletPostFactory(place=hamlet, post_type=factories.post_type(code))


RESOURCES = [
    Resource(
        "places",
        models.Place,
        make=lambda w: factories.HamletFactory(name="Bản Xia", parent=w.commune_a),
        payload=lambda w: {"name": "Bản Mới", "kind": "ban", "parent": w.commune_a.pk},
        change={"name": "Bản Xia Mới"},
    ),
    Resource(
        "party-committees",
        models.PartyCommittee,
        make=_committee,
        payload=lambda w: {"name": "Đảng bộ thị trấn Sơn Lư", "place": w.commune_a.pk},
        change={"founded_on": "1975-05-01"},
    ),
    Resource(
        "cells",
        models.Cell,
        make=_cell,
        payload=lambda w: {
            "name": "Chi bộ Trường Tiểu học",
            "kind": "truong_hoc",
            "committee": _committee(w).pk,
        },
        change={"name": "Chi bộ Khu 1 (mới)"},
    ),
    Resource(
        "people",
        models.Person,
        make=_person,
        payload=lambda w: {
            "full_name": "Nguyễn Thị Hạnh",
            "sex": "nu",
            "birth_date": "1980-02-03",
            "place": w.hamlet_a.pk,
        },
        change={"phone": "0912345678"},
    ),
    Resource(
        "party-members",
        models.PartyMember,
        make=_member,
        payload=lambda w: {
            "person": _person(w).pk,
            "admitted_on": "2015-05-19",
            "card_number": "38001234",
        },
        change={"full_member_on": "2016-05-19"},
    ),
    Resource(
        "cell-memberships",
        models.CellMembership,
        make=lambda w: factories.CellMembershipFactory(member=_member(w), cell=_cell(w)),
        payload=lambda w: {
            "member": _member(w).pk,
            "cell": _cell(w).pk,
            "start_date": "2015-05-19",
        },
        change={"end_date": "2022-12-31", "end_reason": "chuyen_sinh_hoat"},
    ),
    Resource(
        "posts",
        models.Post,
        make=_post,
        payload=lambda w: {"post_type": "thon_doi_truong", "place": w.hamlet_a.pk},
        change={"post_type": "to_truong_antt"},
    ),
    Resource(
        "holdings",
        models.Holding,
        make=lambda w: factories.HoldingFactory(person=_person(w), post=_post(w)),
        payload=lambda w: {
            "person": _person(w).pk,
            "post": _post(w, PostTypeCode.SECURITY_HEAD).pk,
            "start_date": "2022-01-01",
        },
        change={"decision_number": "12-QĐ/ĐU", "decision_date": "2021-12-30"},
    ),
]


@pytest.fixture(params=RESOURCES, ids=str)
def resource(request):
    return request.param


D = datetime.date
