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
