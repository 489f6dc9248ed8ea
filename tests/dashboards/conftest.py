"""A small area with hand-counted figures, shared by the dashboard and
report tests (tests/reports/conftest.py imports these fixtures).

On 31/12/2023, under Huyện Quan Sơn:
- Thị trấn Sơn Lư: hamlets Khu 1 and Khu 2, one cell each; 3 party members
  in Khu 1 (one admitted 10/03/2023, one admitted 05/08/2023) and 1 in Khu 2;
  Khu 1's secretary is also its hamlet chief; Khu 2's secretary post is vacant.
- Xã Trung Xuân: hamlet Bản Din with one cell and 2 members, one of whom left
  the party on 01/06/2023 (so 1 counted), its secretary not the chief.
"""

import datetime

import pytest

from cells.constants import PlaceKind, PostTypeCode
from tests import factories

D = datetime.date


@pytest.fixture
def hamlet_a2(commune_a):
    return factories.HamletFactory(name="Khu 2", kind=PlaceKind.URBAN_QUARTER, parent=commune_a)


def _member(cell, admitted, *, left=None):
    member = factories.PartyMemberFactory(
        person__place=cell.hamlet, admitted_on=admitted, left_on=left
    )
    factories.CellMembershipFactory(member=member, cell=cell, start_date=admitted)
    return member


def _hold(code, *, cell=None, hamlet=None, person=None):
    if cell is not None:
        post = factories.CellPostFactory(post_type=factories.post_type(code), cell=cell)
    else:
        post = factories.HamletPostFactory(post_type=factories.post_type(code), place=hamlet)
    return factories.HoldingFactory(post=post, person=person or factories.PersonFactory())


@pytest.fixture
def area(district, commune_a, commune_b, hamlet_a, hamlet_a2, hamlet_b):
    cell_a = factories.CellFactory(hamlet=hamlet_a, name="Chi bộ Khu 1")
    cell_a2 = factories.CellFactory(hamlet=hamlet_a2, name="Chi bộ Khu 2")
    cell_b = factories.CellFactory(hamlet=hamlet_b, name="Chi bộ Bản Din")
    _member(cell_a, D(2001, 5, 19))
    _member(cell_a, D(2023, 3, 10))
    _member(cell_a, D(2023, 8, 5))
    _member(cell_a2, D(2010, 1, 1))
    _member(cell_b, D(2015, 2, 3))
    _member(cell_b, D(2016, 2, 3), left=D(2023, 6, 1))
    secretary = _hold(PostTypeCode.CELL_SECRETARY, cell=cell_a).person
    _hold(PostTypeCode.HAMLET_CHIEF, hamlet=hamlet_a, person=secretary)
    factories.CellPostFactory(
        post_type=factories.post_type(PostTypeCode.CELL_SECRETARY), cell=cell_a2
    )
    _hold(PostTypeCode.CELL_SECRETARY, cell=cell_b)
    _hold(PostTypeCode.HAMLET_CHIEF, hamlet=hamlet_b)
    return {"cell_a": cell_a, "cell_a2": cell_a2, "cell_b": cell_b}


@pytest.fixture
def assert_max_queries():
    """Like django_assert_max_num_queries, without the SAVEPOINT / RELEASE
    statements the test's own transaction wraps around the session save
    (in production, under autocommit, they are not there)."""
    import contextlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextlib.contextmanager
    def check(limit):
        with CaptureQueriesContext(connection) as captured:
            yield captured
        queries = [
            query["sql"]
            for query in captured.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        ]
        listed = "\n".join(f"{n}. {sql[:200]}" for n, sql in enumerate(queries, 1))
        assert len(queries) <= limit, f"{len(queries)} queries, more than {limit}:\n{listed}"

    return check


# --- a merger of two communes (history on the screens) ---------------------------
#
# Thị trấn Sơn Lư (15001) and Xã Trung Xuân (14995) merge into Xã Sơn Thủy
# (15002) on 01/07/2026, through the service (cells.reorganisations), so the
# old units close on 30/06/2026 and their hamlets and cells are copied. Counted
# by hand, with the dashboard's date 31/12/2026 (six months after the merger, so
# the "before" side is the six months 01/01–30/06/2026):
#
# before (the predecessors): 2 hamlets, 2 cells, 6 members on 30/06/2026 (Khu 1:
#   3 + one admitted 10/03/2026; Bản Din: 2); 1 admission; regular meetings:
#   Khu 1 monthly 01–06/2026 (6), Bản Din in 02 and 04/2026 (2): 8 held of 12
#   expected (6 months × 2 cells); 1 thematic (10/04/2026); 1 collective award
#   (02/03/2026).
# after (Xã Sơn Thủy itself): 2 hamlets, 2 cells, 7 members on 31/12/2026 (one
#   admitted 20/08/2026 in Bản Din); 1 admission; regular meetings 07–11/2026 in
#   both cells: 10 held of 12 expected (6 months × 2); 2 thematic; 1 individual
#   award (02/09/2026).

MERGED_ON = datetime.date(2026, 7, 1)
LAST_DAY = datetime.date(2026, 6, 30)


def _monthly(cell, months, year=2026, day=5, kind=None):
    from meetings.constants import MeetingKind
    from meetings.models import Meeting

    for month in months:
        Meeting.objects.create(
            cell=cell, kind=kind or MeetingKind.REGULAR, date=datetime.date(year, month, day)
        )


def make_hamlet(commune, name, members):
    """A hamlet with its cell (in the commune's committee), `members` members
    admitted in 2000, a secretary and a chief."""
    from cells.models import PartyCommittee

    hamlet = factories.HamletFactory(name=name, parent=commune)
    committee = PartyCommittee.objects.filter(place=commune).first()
    committee = committee or factories.CommitteeFactory(place=commune)
    cell = factories.CellFactory(hamlet=hamlet, committee=committee, name=f"Chi bộ {name}")
    people = []
    for _index in range(members):
        person = factories.PersonFactory(place=hamlet)
        member = factories.PartyMemberFactory(person=person)
        factories.CellMembershipFactory(member=member, cell=cell)
        people.append(person)
    factories.HoldingFactory(person=people[0], post=factories.CellPostFactory(cell=cell))
    factories.HoldingFactory(person=people[1], post=factories.HamletPostFactory(place=hamlet))
    return hamlet, cell


def _award(body, day, number, **recipient):
    from awards.constants import FormCode
    from awards.models import Award, CommendationForm, Decision

    decision = Decision.objects.create(
        number=number,
        date=day,
        body=body,
        form=CommendationForm.objects.get(code=FormCode.CERTIFICATE),
    )
    return Award.objects.create(decision=decision, **recipient)


@pytest.fixture
def commune_c(district):
    """A commune the merger leaves alone, with its own officer."""
    return factories.CommuneFactory(name="Mường Mìn", code="15010", parent=district)


@pytest.fixture
def officer_c(commune_c):
    from cells.constants import Role

    return factories.UserFactory(username="muongmin", place=commune_c, role=Role.OFFICER)


@pytest.fixture
def merged_too():
    """More communes merged with Sơn Lư and Trung Xuân (none here; the query
    pins override it to merge a larger area)."""
    return []


@pytest.fixture
def merger(district, commune_a, commune_b, commune_c, merged_too):
    """The merger above, applied; returns its places and cells, old and new."""
    from awards.models import IssuingBody
    from cells.constants import ReorganisationKind as Kind
    from cells.constants import ReorganisationSubject as Subject
    from cells.constants import Role
    from cells.models import Cell, Place
    from cells.reorganisations import NewPlace, apply_reorganisation, plan_reorganisation
    from meetings.constants import MeetingKind

    hamlet_a, cell_a = make_hamlet(commune_a, "Khu 1", members=3)
    hamlet_b, cell_b = make_hamlet(commune_b, "Bản Din", members=2)
    newcomer = factories.PartyMemberFactory(
        person__place=hamlet_a, admitted_on=datetime.date(2026, 3, 10)
    )
    factories.CellMembershipFactory(
        member=newcomer, cell=cell_a, start_date=datetime.date(2026, 3, 10)
    )
    _monthly(cell_a, range(1, 7))
    _monthly(cell_b, (2, 4))
    _monthly(cell_a, (4,), day=10, kind=MeetingKind.THEMATIC)
    body = IssuingBody.objects.create(
        name="Ban Thường vụ Huyện ủy Quan Sơn", place=district, valid_from=D(1990, 1, 1)
    )
    _award(body, D(2026, 3, 2), "10-QĐ/HU", cell=cell_a)
    staff = factories.UserFactory(username="qs-sapxep", place=district, role=Role.STAFF)
    plan = plan_reorganisation(
        user=staff,
        kind=Kind.MERGE,
        subject=Subject.COMMUNE,
        effective_on=MERGED_ON,
        predecessors=[commune_a, commune_b, *merged_too],
        successors=[NewPlace(name="Sơn Thủy", kind=PlaceKind.COMMUNE, code="15002")],
        decision_number="1686/NQ-UBTVQH15",
        decision_date=D(2026, 6, 16),
        decided_by="Ủy ban Thường vụ Quốc hội",
    )
    reorganisation = apply_reorganisation(plan=plan)

    new = Place.objects.get(code="15002", valid_to=None)
    copy_a = Cell.objects.get(predecessors=cell_a)
    copy_b = Cell.objects.get(predecessors=cell_b)
    later = factories.PartyMemberFactory(
        person__place=copy_b.hamlet, admitted_on=datetime.date(2026, 8, 20)
    )
    factories.CellMembershipFactory(member=later, cell=copy_b, start_date=D(2026, 8, 20))
    for cell in (copy_a, copy_b):
        _monthly(cell, range(7, 12))
        _monthly(cell, (9,), day=15, kind=MeetingKind.THEMATIC)
    _award(body, D(2026, 9, 2), "25-QĐ/HU", person=later.person)
    for place in (commune_a, commune_b, hamlet_a, hamlet_b, cell_a, cell_b):
        place.refresh_from_db()
    return {
        "new": new,
        "reorganisation": reorganisation,
        "hamlet_a": hamlet_a,
        "hamlet_b": hamlet_b,
        "cell_a": cell_a,
        "cell_b": cell_b,
        "copy_a": copy_a,
        "copy_b": copy_b,
        "staff": factories.UserFactory(username="sonthuy", place=new, role=Role.STAFF),
    }
