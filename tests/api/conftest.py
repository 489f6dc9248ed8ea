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

from awards.models import Award, CommendationForm, Decision, IssuingBody
from cells import models
from cells.constants import PostTypeCode
from fees.models import FeeBasis, FeePayment, FeeRelief
from meetings.models import (
    Attendance,
    CadreAssignment,
    Conference,
    ConferenceInvitee,
    Meeting,
    MeetingGuest,
)
from members.models import Discipline, MemberCase, MembershipGap
from ratings.constants import Subject
from ratings.defaults import default_criteria
from ratings.models import RatingRound
from tests import factories
from tests.dashboards.conftest import (  # noqa: F401  (the merger of the history tests)
    commune_c,
    merged_too,
    merger,
    officer_c,
)
from tests.ratings.conftest import (  # noqa: F401  (the review's round, cell and accounts)
    cell_a,
    commune_b_staff,
    commune_staff,
    hamlet_staff,
    members_a,
    rating_round,
)
from transfers.models import Transfer

D = datetime.date


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
    list_queries: int = 3  # token with account and place, count, rows

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
        list_queries=5,  # + successors, + predecessors
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
        list_queries=4,  # + successors
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


def _meeting(world):
    return Meeting.objects.create(cell=_cell(world), kind="thuong_ky", date=D(2023, 3, 10))


def _conference(world):
    return Conference.objects.create(
        title="Hội nghị bí thư chi bộ", date=D(2023, 4, 1), host=world.commune_a
    )


def _body(world):
    return IssuingBody.objects.create(name="Đảng ủy thị trấn Sơn Lư", place=world.commune_a)


def _decision(world):
    return Decision.objects.create(
        number=f"{Decision.objects.count() + 1}-QĐ/ĐU",
        date=D(2023, 7, 20),
        body=_body(world),
        form=CommendationForm.objects.get(code="giay_khen"),
    )


RESOURCES += [
    Resource(
        "meetings",
        Meeting,
        make=_meeting,
        payload=lambda w: {
            "cell": _cell(w).pk,
            "kind": "chuyen_de",
            "date": "2023-03-15",
            "start_time": "08:00:00",
            "end_time": "10:00:00",
            "tags": ["kinh_te"],
        },
        change={"location": "Nhà văn hóa Khu 1"},
        list_queries=5,  # + tags, + attendance rows with their members
    ),
    Resource(
        "attendances",
        Attendance,
        make=lambda w: Attendance.objects.create(meeting=_meeting(w), member=_member(w)),
        payload=lambda w: {
            "meeting": _meeting(w).pk,
            "member": _member(w).pk,
            "status": "vang_co_ly_do",
            "reason": "Ốm",
        },
        change={"status": "vang_khong_ly_do"},
    ),
    Resource(
        "meeting-guests",
        MeetingGuest,
        make=lambda w: MeetingGuest.objects.create(meeting=_meeting(w), person=_person(w)),
        payload=lambda w: {"meeting": _meeting(w).pk, "person": _person(w).pk},
        change={"position": "Huyện ủy viên"},
    ),
    Resource(
        "cadre-assignments",
        CadreAssignment,
        make=lambda w: CadreAssignment.objects.create(
            person=_person(w), cell=_cell(w), start_date=D(2022, 1, 1)
        ),
        payload=lambda w: {
            "person": _person(w).pk,
            "cell": _cell(w).pk,
            "start_date": "2023-01-01",
            "position": "Cán bộ Ban Tổ chức Huyện ủy",
        },
        change={"end_date": "2023-12-31"},
    ),
    Resource(
        "conferences",
        Conference,
        make=_conference,
        payload=lambda w: {
            "title": "Hội nghị trực tuyến",
            "date": "2023-05-01",
            "host": w.commune_a.pk,
            "online": True,
            "bridge_points": [w.hamlet_a.pk],
        },
        change={"location": "Hội trường UBND thị trấn"},
        list_queries=4,  # + bridge points
    ),
    Resource(
        "conference-invitees",
        ConferenceInvitee,
        make=lambda w: ConferenceInvitee.objects.create(
            conference=_conference(w), person=_person(w)
        ),
        payload=lambda w: {"conference": _conference(w).pk, "person": _person(w).pk},
        change={"attended": True},
    ),
    Resource(
        "issuing-bodies",
        IssuingBody,
        make=_body,
        payload=lambda w: {"name": "UBND thị trấn Sơn Lư", "place": w.commune_a.pk},
        change={"valid_from": "2000-01-01"},
    ),
    Resource(
        "decisions",
        Decision,
        make=_decision,
        payload=lambda w: {
            "number": "15-QĐ/ĐU",
            "date": "2023-07-20",
            "body": _body(w).pk,
            "form": "giay_khen",
        },
        change={"signer": "Hà Văn Ký"},
    ),
    Resource(
        "awards",
        Award,
        make=lambda w: Award.objects.create(decision=_decision(w), person=_person(w)),
        payload=lambda w: {
            "decision": _decision(w).pk,
            "person": _person(w).pk,
            "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        },
        change={"achievement": "Tiêu biểu trong phong trào thi đua"},
    ),
]


def _rating_round(world):
    return RatingRound.objects.create(**_round_fields(world))


def _round_fields(world):
    return {
        "place": world.commune_a,
        "name": "Đánh giá, xếp loại năm 2025",
        "start_date": D(2025, 1, 1),
        "end_date": D(2025, 12, 31),
        "member_criteria": default_criteria(Subject.MEMBER),
        "cell_criteria": default_criteria(Subject.CELL),
    }


def _round_payload(world):
    fields = _round_fields(world)
    return {
        **{name: getattr(value, "pk", value) for name, value in fields.items()},
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    }


RESOURCES += [
    Resource(
        "rating-rounds",
        RatingRound,
        make=_rating_round,
        payload=_round_payload,
        change={"excellent_cap": 20},
    ),
]


def _member_of_a_cell(world):
    cell = _cell(world)
    member = _member(world)
    factories.CellMembershipFactory(member=member, cell=cell, start_date=D(2015, 5, 19))
    return member, cell


def _transfer(world):
    member, cell = _member_of_a_cell(world)
    return Transfer.objects.create(
        member=member,
        kind="chinh_thuc",
        from_cell=cell,
        to_outside="Đảng bộ Phường Hạc Thành",
        moved_on=D(2026, 3, 2),
        requested_on=D(2026, 3, 10),
    )


def _transfer_payload(world):
    member, cell = _member_of_a_cell(world)
    return {
        "member": member.pk,
        "kind": "tam_thoi",
        "reason": "hoc_tap",
        "from_cell": cell.pk,
        "to_outside": "Chi bộ Trường Đại học Hồng Đức",
        "moved_on": "2026-09-01",
        "requested_on": "2026-09-03",
        "end_date": "2027-06-30",
    }


RESOURCES += [
    Resource(
        "transfers",
        Transfer,
        make=_transfer,
        payload=_transfer_payload,
        change={"letter_number": "15-GGT/ĐU", "letter_date": "2026-03-12"},
        list_queries=3,
    ),
]


@pytest.fixture(params=RESOURCES, ids=str)
def resource(request):
    return request.param


def _discipline(world, **extra):
    return Discipline.objects.create(
        member=_member(world),
        form="khien_trach",
        decision_number="3-QĐ/ĐU",
        decision_date=D(2023, 5, 10),
        issued_by="Đảng ủy thị trấn Sơn Lư",
        effective_on=D(2023, 5, 10),
        **extra,
    )


RESOURCES += [
    Resource(
        "disciplines",
        Discipline,
        make=_discipline,
        payload=lambda w: {
            "member": _member(w).pk,
            "form": "canh_cao",
            "decision_number": "4-QĐ/ĐU",
            "decision_date": "2023-06-01",
            "issued_by": "Đảng ủy thị trấn Sơn Lư",
            "effective_on": "2023-06-01",
        },
        change={"note": "Vi phạm quy định về những điều đảng viên không được làm"},
    ),
    Resource(
        "membership-gaps",
        MembershipGap,
        make=lambda w: MembershipGap.objects.create(
            member=_member(w),
            kind="mat_lien_lac",
            start_date=D(2005, 1, 1),
            end_date=D(2005, 12, 31),
        ),
        payload=lambda w: {
            "member": _member(w).pk,
            "kind": "mat_lien_lac",
            "start_date": "2006-01-01",
            "end_date": "2006-06-30",
        },
        change={"note": "Đi làm ăn xa, không báo"},
    ),
    Resource(
        "member-cases",
        MemberCase,
        make=lambda w: MemberCase.objects.create(
            member=_member(w), kind="khieu_nai", opened_on=D(2024, 3, 1)
        ),
        payload=lambda w: {"member": _member(w).pk, "kind": "kiem_tra", "opened_on": "2024-04-01"},
        change={"closed_on": "2024-06-30"},
    ),
]


RESOURCES += [
    Resource(
        "fee-bases",
        FeeBasis,
        make=lambda w: FeeBasis.objects.create(
            member=_member(w), kind="luong", amount=5_000_000, from_month=D(2026, 1, 1)
        ),
        payload=lambda w: {
            "member": _member(w).pk,
            "kind": "luong_huu",
            "amount": 4_200_000,
            "from_month": "2026-03-01",
        },
        change={"note": "Lương hưu từ tháng 3"},
    ),
    Resource(
        "fee-reliefs",
        FeeRelief,
        make=lambda w: FeeRelief.objects.create(
            member=_member(w),
            kind="mien",
            reason="om_nang",
            start_month=D(2026, 2, 1),
            decision_number="3-QĐ/ĐU",
            decision_date=D(2026, 1, 20),
        ),
        payload=lambda w: {
            "member": _member(w).pk,
            "kind": "giam",
            "reason": "ho_ngheo",
            "percent": 50,
            "start_month": "2026-01-01",
            "end_month": "2026-12-01",
            "decision_number": "5-QĐ/ĐU",
            "decision_date": "2025-12-20",
        },
        change={"note": "Hộ cận nghèo năm 2026"},
    ),
    Resource(
        "fee-payments",
        FeePayment,
        make=lambda w: FeePayment.objects.create(
            member=_member(w), month=D(2026, 1, 1), amount=50_000, paid_on=D(2026, 1, 5)
        ),
        payload=lambda w: {
            "member": _member(w).pk,
            "month": "2026-02-01",
            "amount": 50_000,
            "paid_on": "2026-02-05",
            "channel": "tien_mat",
        },
        change={"reference": "BL-0215"},
    ),
]
