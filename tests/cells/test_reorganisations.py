"""Reorganisations (sắp xếp) of hamlets, communes and cells, through the
service the admin and commands call: what moves, what ends, idempotence,
undo, scope and every bad input (a Vietnamese message, nothing written)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from awards.models import IssuingBody
from cells.constants import EndReason, MembershipEndReason, PlaceKind, PostTypeCode, Role
from cells.constants import ReorganisationKind as Kind
from cells.constants import ReorganisationSubject as Subject
from cells.models import (
    Cell,
    CellMembership,
    Holding,
    PartyCommittee,
    Person,
    Place,
    Reorganisation,
)
from cells.reorganisations import (
    NewPlace,
    ReorganisationError,
    apply_reorganisation,
    plan_reorganisation,
    undo_reorganisation,
)
from meetings.constants import MeetingKind
from meetings.models import Meeting
from tests import factories

ON = datetime.date(2026, 7, 1)
LAST_DAY = datetime.date(2026, 6, 30)


def make_hamlet(commune, name, members=3):
    """A hamlet with its cell, `members` members, a secretary and a chief,
    and a meeting."""
    hamlet = factories.HamletFactory(name=name, parent=commune)
    committee = PartyCommittee.objects.filter(place=commune).first()
    committee = committee or factories.CommitteeFactory(place=commune)
    cell = factories.CellFactory(hamlet=hamlet, committee=committee)
    people = []
    for _ in range(members):
        person = factories.PersonFactory(place=hamlet)
        member = factories.PartyMemberFactory(person=person)
        factories.CellMembershipFactory(member=member, cell=cell)
        people.append(person)
    secretary = factories.HoldingFactory(
        person=people[0], post=factories.CellPostFactory(cell=cell)
    )
    factories.HoldingFactory(person=people[1], post=factories.HamletPostFactory(place=hamlet))
    Meeting.objects.create(cell=cell, kind=MeetingKind.REGULAR, date=datetime.date(2026, 5, 5))
    return hamlet, cell, secretary


@pytest.fixture
def staff_a(commune_a):
    return factories.UserFactory(username="cb-sonlu", place=commune_a, role=Role.STAFF)


@pytest.fixture
def two_hamlets(commune_a):
    return make_hamlet(commune_a, "Khu 1"), make_hamlet(commune_a, "Khu 2")


def merge_hamlets(user, hamlets, successor, **options):
    return plan_reorganisation(
        user=user,
        kind=Kind.MERGE,
        subject=Subject.HAMLET,
        effective_on=options.pop("effective_on", ON),
        predecessors=hamlets,
        successors=[successor],
        decision_number="12/NQ-HĐND",
        decided_by="Hội đồng nhân dân thị trấn Sơn Lư",
        **options,
    )


def test_a_merger_of_two_hamlets_carries_members_and_chosen_holders(two_hamlets, staff_a):
    (hamlet_1, cell_1, secretary_1), (hamlet_2, cell_2, _) = two_hamlets
    factories.UserFactory(username="khu1", place=hamlet_1)
    new = NewPlace(name="Khu Đoàn Kết", kind=PlaceKind.URBAN_QUARTER)

    plan = merge_hamlets(staff_a, [hamlet_1, hamlet_2], new)
    assert plan.counts["memberships"] == 6
    assert plan.counts["holdings"] == 4  # two secretaries, two chiefs
    assert plan.counts["meetings"] == 2
    assert plan.counts["people"] == 6
    assert plan.counts["accounts"] == 1
    reorganisation = apply_reorganisation(plan=plan, carry_holdings=[secretary_1])

    successor = Place.objects.get(name="Khu Đoàn Kết")
    assert successor.valid_from == ON and successor.parent == hamlet_1.parent
    assert set(successor.predecessors.all()) == {hamlet_1, hamlet_2}
    for hamlet in (hamlet_1, hamlet_2):
        hamlet.refresh_from_db()
        assert hamlet.valid_to == LAST_DAY
    cell = Cell.objects.get(hamlet=successor)
    assert set(cell.predecessors.all()) == {cell_1, cell_2}
    assert Cell.objects.filter(pk__in=[cell_1.pk, cell_2.pk], dissolved_on=LAST_DAY).count() == 2
    ended = CellMembership.objects.filter(cell__in=[cell_1, cell_2])
    assert set(ended.values_list("end_date", "end_reason")) == {
        (LAST_DAY, MembershipEndReason.MERGED)
    }
    assert CellMembership.objects.filter(cell=cell, start_date=ON, end_date=None).count() == 6
    assert Person.objects.filter(place=successor).count() == 6
    assert set(Holding.objects.filter(end_date=LAST_DAY).values_list("end_reason", flat=True)) == {
        EndReason.MERGED
    }
    carried = Holding.objects.get(post__cell=cell)
    assert (carried.person, carried.start_date) == (secretary_1.person, ON)
    assert carried.post.post_type.code == PostTypeCode.CELL_SECRETARY
    assert Meeting.objects.filter(cell__in=[cell_1, cell_2]).count() == 2  # history stays
    assert factories.UserFactory._meta.model.objects.get(username="khu1").place == successor
    # One operation on the trail, with its counts; the rows it wrote are in
    # its journal, not an entry each (a province's reform writes 10⁵ rows).
    entries = LogEntry.objects.filter(object_repr=str(reorganisation))
    assert sorted(entry.additional_data.get("so_memberships", 0) for entry in entries) == [0, 6]
    membership_entries = LogEntry.objects.filter(content_type__model="cellmembership")
    assert membership_entries.count() == 6  # the factories' own
    assert len(reorganisation.journal["created"]["cells.CellMembership"]) == 6


def test_a_merger_into_one_of_the_hamlets_keeps_that_one(two_hamlets, staff_a):
    (hamlet_1, cell_1, _), (hamlet_2, cell_2, _) = two_hamlets

    apply_reorganisation(plan=merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1))

    hamlet_1.refresh_from_db(), hamlet_2.refresh_from_db(), cell_1.refresh_from_db()
    assert hamlet_1.valid_to is None and hamlet_2.valid_to == LAST_DAY
    assert cell_1.dissolved_on is None
    assert CellMembership.objects.filter(cell=cell_1, end_date=None).count() == 6


def row_counts():
    return CellMembership.objects.count(), Holding.objects.count(), LogEntry.objects.count()


def test_applying_it_again_changes_nothing(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    first = apply_reorganisation(plan=merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1))
    rows = row_counts()

    hamlet_1.refresh_from_db(), hamlet_2.refresh_from_db()
    again = apply_reorganisation(plan=merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1))

    assert again == first
    assert row_counts() == rows


def test_undo_puts_everything_back(two_hamlets, staff_a):
    (hamlet_1, cell_1, secretary_1), (hamlet_2, cell_2, _) = two_hamlets
    before = (
        CellMembership.objects.filter(end_date=None).count(),
        Holding.objects.filter(end_date=None).count(),
        Cell.objects.count(),
        Place.objects.count(),
    )
    plan = merge_hamlets(staff_a, [hamlet_1, hamlet_2], NewPlace(name="Khu Mới"))
    reorganisation = apply_reorganisation(plan=plan, carry_holdings=[secretary_1])

    undo_reorganisation(user=staff_a, reorganisation=reorganisation)

    assert (
        CellMembership.objects.filter(end_date=None).count(),
        Holding.objects.filter(end_date=None).count(),
        Cell.objects.count(),
        Place.objects.count(),
    ) == before
    hamlet_1.refresh_from_db()
    assert hamlet_1.valid_to is None and not hamlet_1.successors.exists()
    assert Person.objects.filter(place=hamlet_1).count() == 3
    assert Reorganisation.objects.get().undone_at is not None


def test_undo_is_refused_once_something_is_recorded_since(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    reorganisation = apply_reorganisation(
        plan=merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1)
    )
    factories.PersonFactory(place=hamlet_1, full_name="Lò Văn Mới")

    with pytest.raises(ReorganisationError, match="đã có dữ liệu mới"):
        undo_reorganisation(user=staff_a, reorganisation=reorganisation)
    hamlet_2.refresh_from_db()
    assert hamlet_2.valid_to == LAST_DAY


def merge_communes(user, communes, successor):
    return plan_reorganisation(
        user=user,
        kind=Kind.MERGE,
        subject=Subject.COMMUNE,
        effective_on=ON,
        predecessors=communes,
        successors=[successor],
    )


def test_a_commune_merger_copies_hamlets_and_carries_their_records(district, commune_a, commune_b):
    hamlet_a, cell_a, secretary_a = make_hamlet(commune_a, "Khu 1")
    hamlet_b, cell_b, _ = make_hamlet(commune_b, "Bản Din")
    later = Meeting.objects.create(cell=cell_b, kind=MeetingKind.REGULAR, date=ON)
    account = factories.UserFactory(username="cb-trungxuan", place=commune_b, role=Role.STAFF)
    staff = factories.UserFactory(username="cb-quanson", place=district, role=Role.STAFF)
    body = IssuingBody.objects.create(name="Đảng ủy xã Trung Xuân", place=commune_b)
    new_commune = NewPlace(name="Sơn Thủy", kind=PlaceKind.COMMUNE, code="15002")

    plan = merge_communes(staff, [commune_a, commune_b], new_commune)
    assert (plan.counts["hamlets"], plan.counts["cells"], plan.counts["accounts"]) == (2, 2, 1)
    assert (plan.counts["memberships"], plan.counts["meetings_moved"]) == (6, 1)
    apply_reorganisation(plan=plan)

    new = Place.objects.get(code="15002", valid_to=None)
    for old in (hamlet_a, hamlet_b):
        old.refresh_from_db()
        copy = old.successors.get()
        # The old row stays where it stood, closed; the copy goes on under the new commune.
        assert (old.parent.pk, old.valid_to) in {(commune_a.pk, LAST_DAY), (commune_b.pk, LAST_DAY)}
        assert (copy.name, copy.parent, copy.valid_from) == (old.name, new, ON)
        assert copy.path == f"{new.path}{copy.pk}/" and copy.lineage["prefix"] == [old.path]
    committee = PartyCommittee.objects.get(place=new)
    copies = Cell.objects.filter(committee=committee)
    assert {cell.predecessors.get() for cell in copies} == {cell_a, cell_b}
    assert {cell.dissolved_on for cell in Cell.objects.filter(pk__in=[cell_a.pk, cell_b.pk])} == {
        LAST_DAY
    }
    assert PartyCommittee.objects.filter(dissolved_on=LAST_DAY).count() == 2
    ended = CellMembership.objects.filter(cell__in=[cell_a, cell_b])
    assert set(ended.values_list("end_date", "end_reason")) == {
        (LAST_DAY, MembershipEndReason.MERGED)
    }
    assert CellMembership.objects.filter(cell__in=copies, start_date=ON, end_date=None).count() == 6
    secretary_a.refresh_from_db()
    assert (secretary_a.end_date, secretary_a.end_reason) == (LAST_DAY, EndReason.MERGED)
    goes_on = Holding.objects.get(person=secretary_a.person, start_date=ON)
    assert goes_on.post.cell.predecessors.get() == cell_a and goes_on.end_date is None
    later.refresh_from_db()
    assert later.cell.predecessors.get() == cell_b  # recorded after the date: moved
    assert Meeting.objects.filter(cell__in=[cell_a, cell_b]).count() == 2  # history stays
    assert Person.objects.filter(place__parent=new).count() == 6
    account.refresh_from_db()
    assert account.place == new
    body.refresh_from_db()
    assert body.valid_to == LAST_DAY
    # The new commune's area reaches back: its predecessors before, itself after.
    assert Place.objects.within(new).hamlets().valid_on(LAST_DAY).count() == 2
    assert Place.objects.within(new).hamlets().valid_on(ON).count() == 2
    assert Place.objects.within(commune_a).hamlets().valid_on(ON).count() == 0


def test_figures_of_a_period_across_the_merger_add_up_the_parts(district, commune_a, commune_b):
    from core.periods import Period
    from portal.summary import area_figures

    for commune, name in ((commune_a, "Khu 1"), (commune_b, "Bản Din")):
        _hamlet, cell, _ = make_hamlet(commune, name)
        Meeting.objects.create(cell=cell, kind=MeetingKind.REGULAR, date=datetime.date(2026, 8, 5))
    staff = factories.UserFactory(username="cb-qs", place=district, role=Role.STAFF)
    before = {
        commune.pk: area_figures(commune, date=LAST_DAY).area for commune in (commune_a, commune_b)
    }
    apply_reorganisation(plan=merge_communes(staff, [commune_a, commune_b], NewPlace(name="Mới")))
    new = Place.objects.get(name="Mới")

    on_last_day = area_figures(new, date=LAST_DAY).area
    for key in ("hamlets", "cells", "party_members"):
        assert on_last_day[key] == sum(figures[key] for figures in before.values()) > 0
    assert area_figures(new, date=ON).area["party_members"] == on_last_day["party_members"]
    year = area_figures(new, period=Period.parse("2026")).area
    # May in the predecessors' cells, August in the copies: both counted.
    assert year["meetings"] == 4
    assert area_figures(commune_a, period=Period.parse("2026")).area["meetings"] == 1
    assert area_figures(commune_a, date=ON).area["party_members"] == 0
    assert area_figures(district, date=LAST_DAY).area["party_members"] == 6


def test_a_commune_split_sends_each_hamlet_where_it_is_assigned(district, commune_a):
    staff = factories.UserFactory(username="cb-qs", place=district, role=Role.STAFF)
    hamlets = [make_hamlet(commune_a, f"Khu {n}")[0] for n in (1, 2, 3)]
    factories.UserFactory(username="cb-sl", place=commune_a, role=Role.STAFF)
    east, west = NewPlace(name="Sơn Đông"), NewPlace(name="Sơn Tây")

    plan = plan_reorganisation(
        user=staff,
        kind=Kind.SPLIT,
        subject=Subject.COMMUNE,
        effective_on=ON,
        predecessors=[commune_a],
        successors=[east, west],
        assignments=[(hamlets[0], east), (hamlets[1], east), (hamlets[2], west)],
    )
    assert [account.username for account in plan.ambiguous_accounts] == ["cb-sl"]
    apply_reorganisation(plan=plan)

    east, west = Place.objects.get(name="Sơn Đông"), Place.objects.get(name="Sơn Tây")
    sets = {
        place.name: set(place.children.values_list("name", flat=True)) for place in (east, west)
    }
    assert sets == {"Sơn Đông": {"Khu 1", "Khu 2"}, "Sơn Tây": {"Khu 3"}}
    commune_a.refresh_from_db()
    links = commune_a.successions_from.all()
    assert {link.successor.name: link.takes_seat for link in links} == {
        "Sơn Đông": True,
        "Sơn Tây": False,
    }
    copy = hamlets[2].successors.get()
    assert Cell.objects.get(hamlet=copy).committee.place == west
    # Each successor's past is its own part of the divided commune.
    assert east.lineage == {
        "prefix": sorted(h.path for h in hamlets[:2]),
        "exact": [commune_a.path],
    }
    assert west.lineage == {"prefix": [hamlets[2].path], "exact": []}
    for place, members in ((east, 6), (west, 3)):
        on_last_day = CellMembership.objects.within(place).filter(cell__dissolved_on=LAST_DAY)
        assert on_last_day.count() == members
    # The account waits for staff: its successor is ambiguous.
    assert factories.UserFactory._meta.model.objects.get(username="cb-sl").place == commune_a


# --- scope -------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", ["staff_of_another_commune", "officer", "anonymous"])
def test_only_staff_above_the_units_may_reorganise_them(two_hamlets, commune_b, visitor):
    from django.contrib.auth.models import AnonymousUser

    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    user = {
        "staff_of_another_commune": lambda: factories.UserFactory(
            username="cb-tx", place=commune_b, role=Role.STAFF
        ),
        "officer": lambda: factories.UserFactory(username="o", place=hamlet_1.parent),
        "anonymous": AnonymousUser,
    }[visitor]()

    message = "quyền sắp xếp" if visitor != "staff_of_another_commune" else "nằm ngoài phạm vi"
    with pytest.raises(ReorganisationError, match=message):
        merge_hamlets(user, [hamlet_1, hamlet_2], hamlet_1)


def test_staff_of_a_hamlet_cannot_reorganise_their_own_unit(two_hamlets):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    staff = factories.UserFactory(username="cb-khu1", place=hamlet_1, role=Role.STAFF)

    with pytest.raises(ReorganisationError):
        merge_hamlets(staff, [hamlet_1, hamlet_2], hamlet_1)


# --- bad input ---------------------------------------------------------------------


def assert_refused(match, make_plan, carry=()):
    rows = Place.objects.count(), CellMembership.objects.count(), LogEntry.objects.count()
    with pytest.raises(ReorganisationError, match=match):
        apply_reorganisation(plan=make_plan(), carry_holdings=carry)
    assert (Place.objects.count(), CellMembership.objects.count(), LogEntry.objects.count()) == rows
    assert not Reorganisation.objects.exists()


def test_it_refuses_a_hamlet_outside_the_users_scope(two_hamlets, staff_a, hamlet_b):
    (hamlet_1, _, _), _ = two_hamlets
    assert_refused(
        "không cùng trong phạm vi", lambda: merge_hamlets(staff_a, [hamlet_1, hamlet_b], hamlet_1)
    )


def test_it_refuses_a_unit_already_closed_on_the_date(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    Place.objects.filter(pk=hamlet_2.pk).update(valid_to=datetime.date(2025, 12, 31))
    hamlet_2.refresh_from_db()
    assert_refused(
        "đã hết hiệu lực từ ngày 31/12/2025",
        lambda: merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1),
    )


def test_it_refuses_a_date_before_a_unit_existed(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    Place.objects.filter(pk=hamlet_2.pk).update(valid_from=datetime.date(2026, 8, 1))
    hamlet_2.refresh_from_db()
    assert_refused("không sau ngày", lambda: merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1))


def test_it_refuses_a_date_after_the_successor_already_has_records(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    hamlet_3, _, _ = make_hamlet(hamlet_1.parent, "Khu 3")
    Place.objects.filter(pk=hamlet_3.pk).update(valid_from=datetime.date(2026, 1, 1))
    hamlet_3.refresh_from_db()
    assert_refused(
        "đã có dữ liệu từ ngày 01/01/2010",
        lambda: merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_3),
    )


def split_commune(user, commune, successors, assignments):
    return plan_reorganisation(
        user=user,
        kind=Kind.SPLIT,
        subject=Subject.COMMUNE,
        effective_on=ON,
        predecessors=[commune],
        successors=successors,
        assignments=assignments,
    )


def test_it_refuses_a_split_that_leaves_a_hamlet_unassigned(district_staff, commune_a):
    hamlets = [make_hamlet(commune_a, f"Khu {n}")[0] for n in (1, 2)]
    east, west = NewPlace(name="Sơn Đông"), NewPlace(name="Sơn Tây")
    assert_refused(
        "Chưa phân về đơn vị kế thừa: Thôn Khu 2",
        lambda: split_commune(district_staff, commune_a, [east, west], [(hamlets[0], east)]),
    )


def test_it_refuses_a_split_that_assigns_a_hamlet_twice(district_staff, commune_a):
    hamlets = [make_hamlet(commune_a, f"Khu {n}")[0] for n in (1, 2)]
    east, west = NewPlace(name="Sơn Đông"), NewPlace(name="Sơn Tây")
    pairs = [(hamlets[0], east), (hamlets[1], east), (hamlets[0], west)]
    assert_refused(
        "được phân về hai đơn vị",
        lambda: split_commune(district_staff, commune_a, [east, west], pairs),
    )


def test_it_refuses_predecessors_without_a_common_scope(
    district_staff, commune_a, commune_other_district
):
    assert_refused(
        "không cùng trong phạm vi",
        lambda: plan_reorganisation(
            user=district_staff,
            kind=Kind.MERGE,
            subject=Subject.COMMUNE,
            effective_on=ON,
            predecessors=[commune_a, commune_other_district],
            successors=[commune_a],
        ),
    )


def test_it_refuses_a_cycle_of_successors(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    hamlet_3 = factories.HamletFactory(name="Khu 3", parent=hamlet_1.parent)
    hamlet_4 = factories.HamletFactory(name="Khu 4", parent=hamlet_1.parent)
    # Khu 3 went into Khu 1 once (a link the old data holds, still in force).
    hamlet_1.successions_to.create(predecessor=hamlet_3)
    assert_refused("vòng kế thừa", lambda: merge_hamlets(staff_a, [hamlet_1, hamlet_4], hamlet_3))


@pytest.mark.parametrize("members", [3, 30])
def test_a_merger_costs_the_same_queries_for_few_and_many_members(
    commune_a, staff_a, members, django_assert_num_queries
):
    hamlets = [make_hamlet(commune_a, f"Khu {n}", members=members)[0] for n in (1, 2)]
    plan = merge_hamlets(staff_a, hamlets, NewPlace(name="Khu Mới"))
    ContentType.objects.get_for_models(*apps.get_app_config("cells").get_models())

    # Pinned at both sizes: the writes are set-based, whatever the members.
    with django_assert_num_queries(on_this_database(QUERIES_OF_A_HAMLET_MERGER)):
        apply_reorganisation(plan=plan)


QUERIES_OF_A_HAMLET_MERGER = 40


def on_this_database(queries):
    """PostgreSQL defers the memberships' no-overlap check to the end of the
    transaction: one SET CONSTRAINTS more."""
    return queries + (connection.vendor == "postgresql")


def test_undoing_a_commune_merger_puts_everything_back(district, commune_a, commune_b):
    hamlet_a, _, _ = make_hamlet(commune_a, "Khu 1")
    hamlet_b, cell_b, secretary_b = make_hamlet(commune_b, "Bản Din")
    later = Meeting.objects.create(cell=cell_b, kind=MeetingKind.REGULAR, date=ON)
    staff = factories.UserFactory(username="cb-qs", place=district, role=Role.STAFF)
    counts = {model: model.objects.count() for model in (Place, Cell, CellMembership, Holding)}
    plan = merge_communes(staff, [commune_a, commune_b], commune_a)
    reorganisation = apply_reorganisation(plan=plan)
    assert hamlet_b.successors.get().parent == commune_a

    undo_reorganisation(user=staff, reorganisation=reorganisation)

    assert {model: model.objects.count() for model in counts} == counts
    for row in (hamlet_a, hamlet_b, cell_b, secretary_b, later):
        before = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
        row.refresh_from_db()
        assert {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} == before
    assert not CellMembership.objects.filter(end_reason=MembershipEndReason.MERGED).exists()
    assert PartyCommittee.objects.filter(dissolved_on__isnull=False).count() == 0
    commune_a.refresh_from_db()
    assert commune_a.lineage == {}


def test_a_renamed_hamlet_gets_a_new_row_and_its_cell_and_posts_go_on(two_hamlets, staff_a):
    (hamlet_1, cell_1, secretary), _ = two_hamlets

    apply_reorganisation(
        plan=plan_reorganisation(
            user=staff_a,
            kind=Kind.CHANGE_KIND,
            subject=Subject.HAMLET,
            effective_on=ON,
            predecessors=[hamlet_1],
            successors=[NewPlace(name="Khu 1", kind=PlaceKind.RESIDENTIAL_GROUP)],
        )
    )

    new = Place.objects.get(kind=PlaceKind.RESIDENTIAL_GROUP)
    cell_1.refresh_from_db(), secretary.refresh_from_db()
    assert cell_1.hamlet == hamlet_1 and cell_1.dissolved_on == LAST_DAY
    copy = Cell.objects.get(hamlet=new)
    assert copy.name == "Chi bộ Tổ dân phố Khu 1" and copy.predecessors.get() == cell_1
    assert secretary.end_date == LAST_DAY
    assert Holding.objects.get(post__cell=copy, start_date=ON).person == secretary.person
    assert CellMembership.objects.filter(cell=copy, end_date=None).count() == 3
    assert new.lineage == {"prefix": [hamlet_1.path], "exact": []}


def test_a_merger_of_two_cells_of_a_commune(commune_a, staff_a):
    committee = factories.CommitteeFactory(place=commune_a)
    school = factories.CellFactory(hamlet=None, kind="truong_hoc", committee=committee)
    clinic = factories.CellFactory(hamlet=None, kind="tram_y_te", committee=committee)
    for cell in (school, clinic):
        factories.CellMembershipFactory(cell=cell, member__person__place=commune_a)

    apply_reorganisation(
        plan=plan_reorganisation(
            user=staff_a,
            kind=Kind.MERGE,
            subject=Subject.CELL,
            effective_on=ON,
            predecessors=[school, clinic],
            successors=[school],
        )
    )

    clinic.refresh_from_db()
    assert clinic.dissolved_on == LAST_DAY and list(clinic.successors.all()) == [school]
    assert CellMembership.objects.filter(cell=school, end_date=None).count() == 2


def test_a_hamlet_split_sends_each_person_and_member_where_assigned(commune_a, staff_a):
    hamlet, cell, secretary = make_hamlet(commune_a, "Khu 1", members=4)
    people = list(Person.objects.filter(place=hamlet).order_by("pk"))
    north, south = NewPlace(name="Khu 1A"), NewPlace(name="Khu 1B")

    plan = plan_reorganisation(
        user=staff_a,
        kind=Kind.SPLIT,
        subject=Subject.HAMLET,
        effective_on=ON,
        predecessors=[hamlet],
        successors=[north, south],
        assignments=[(people[0], north), (people[1], north), (people[2], south), (people[3], 1)],
    )
    apply_reorganisation(plan=plan, carry_holdings=[secretary])

    north_place, south_place = Place.objects.get(name="Khu 1A"), Place.objects.get(name="Khu 1B")
    assert Person.objects.filter(place=north_place).count() == 2
    assert Person.objects.filter(place=south_place).count() == 2
    new_cells = Cell.objects.filter(hamlet__in=[north_place, south_place])
    assert {c.hamlet.name: c.memberships.count() for c in new_cells} == {"Khu 1A": 2, "Khu 1B": 2}
    cell.refresh_from_db()
    # The hamlet's history goes to the first successor, which takes its seat.
    assert cell.dissolved_on == LAST_DAY and cell.successors.get().hamlet == north_place
    assert Holding.objects.get(post__cell__hamlet=north_place).person == people[0]


def test_it_refuses_a_hamlet_split_that_leaves_a_person_unassigned(commune_a, staff_a):
    hamlet, _, _ = make_hamlet(commune_a, "Khu 1", members=2)
    first = Person.objects.filter(place=hamlet).order_by("pk").first()
    north, south = NewPlace(name="Khu 1A"), NewPlace(name="Khu 1B")
    assert_refused(
        "Chưa phân về đơn vị kế thừa: Nguyễn Văn",
        lambda: plan_reorganisation(
            user=staff_a,
            kind=Kind.SPLIT,
            subject=Subject.HAMLET,
            effective_on=ON,
            predecessors=[hamlet],
            successors=[north, south],
            assignments=[(first, north)],
        ),
    )


@pytest.mark.parametrize("members", [3, 30])
def test_a_commune_merger_costs_the_same_queries_for_few_and_many_members(
    district, commune_a, commune_b, members, django_assert_num_queries
):
    for commune in (commune_a, commune_b):
        make_hamlet(commune, "Khu 1", members=members)
    staff = factories.UserFactory(username="cb-qs", place=district, role=Role.STAFF)
    plan = plan_reorganisation(
        user=staff,
        kind=Kind.MERGE,
        subject=Subject.COMMUNE,
        effective_on=ON,
        predecessors=[commune_a, commune_b],
        successors=[NewPlace(name="Sơn Thủy", code="15002")],
    )
    ContentType.objects.get_for_models(*apps.get_app_config("cells").get_models())

    with django_assert_num_queries(on_this_database(QUERIES_OF_A_COMMUNE_MERGER)):
        apply_reorganisation(plan=plan)


QUERIES_OF_A_COMMUNE_MERGER = 58


def test_a_holder_carried_into_a_taken_seat_is_refused_and_nothing_is_written(two_hamlets, staff_a):
    (hamlet_1, _, _), (hamlet_2, _, secretary_2) = two_hamlets
    # Khu 1's secretary stays, as Khu 1 does: the seat is taken.
    assert_refused(
        "đã có người giữ",
        lambda: merge_hamlets(staff_a, [hamlet_1, hamlet_2], hamlet_1),
        carry=[secretary_2],
    )


def test_a_merged_hamlets_figures_run_on_as_the_sum_of_its_parts(two_hamlets, staff_a):
    from portal.summary import area_figures

    (hamlet_1, _, _), (hamlet_2, _, _) = two_hamlets
    commune = hamlet_1.parent
    before = area_figures(commune, date=LAST_DAY).area
    apply_reorganisation(plan=merge_hamlets(staff_a, [hamlet_1, hamlet_2], NewPlace(name="Mới")))
    successor = Place.objects.get(name="Mới")

    on_last_day = area_figures(successor, date=LAST_DAY).area
    assert (on_last_day["hamlets"], on_last_day["party_members"]) == (2, 6)
    after = area_figures(successor, date=ON).area
    assert (after["hamlets"], after["cells"], after["party_members"]) == (1, 1, 6)
    commune_after = area_figures(commune, date=LAST_DAY).area
    assert {k: commune_after[k] for k in ("hamlets", "party_members")} == {
        k: before[k] for k in ("hamlets", "party_members")
    }
