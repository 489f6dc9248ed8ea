"""The 2025 reform applied to a province (`apply_reform_2025`): on a
database that holds two provinces loaded from the official lists, only the
chosen one changes; divided communes wait for their hamlets to be assigned;
running it again changes nothing; it can be undone."""

import datetime
import io
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

from awards.models import IssuingBody
from cells.constants import MembershipEndReason, PlaceKind, Role
from cells.constants import ReorganisationKind as Kind
from cells.models import Cell, CellMembership, PartyCommittee, Person, Place, Reorganisation
from cells.official_units import load_official_units
from cells.reorganisations import ReorganisationError, undo_reorganisation
from cells.reorganisations.reform import read_assignments, reform_2025
from core.commands import ServerAccount
from core.imports.reading import ImportFailed
from core.periods import Period
from portal.reports.services import places_with_reports
from portal.summary import area_figures
from tests import factories

ON = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)
SON_LU = "15016"  # Thị trấn Sơn Lư: divided between 15016 and 15019
TRUNG_XUAN = "14995"  # Xã Trung Xuân: wholly into one new commune
HA_TINH = "42"


def commune(code, on):
    return Place.objects.official_unit(code, on=on)


def successor_of(code):
    """The new commune an undivided old one went into (the loader's link)."""
    return commune(code, LAST_DAY).successions_from.get().successor


def populate(commune_place, names, kind, members=2):
    """Hamlets with a cell, members and a secretary each, as the staff of
    the old district entered them."""
    committee = PartyCommittee.objects.filter(place=commune_place).first()
    committee = committee or factories.CommitteeFactory(place=commune_place)
    hamlets = []
    for name in names:
        hamlet = factories.HamletFactory(name=name, kind=kind, parent=commune_place)
        cell = factories.CellFactory(hamlet=hamlet, committee=committee)
        for index in range(members):
            member = factories.PartyMemberFactory(person__place=hamlet)
            factories.CellMembershipFactory(member=member, cell=cell)
            if index == 0:
                post = factories.CellPostFactory(cell=cell)
                factories.HoldingFactory(person=member.person, post=post)
        hamlets.append(hamlet)
    return hamlets


@pytest.fixture
def two_provinces(db):
    load_official_units(provinces=["38", HA_TINH], which="both")
    old_son_lu, old_trung_xuan = commune(SON_LU, LAST_DAY), commune(TRUNG_XUAN, LAST_DAY)
    ha_tinh_commune = (
        Place.objects.communes()
        .filter(valid_to=LAST_DAY, path__startswith="/")
        .exclude(path__startswith=old_son_lu.parent.parent.path)
    ).first()
    district = old_son_lu.parent
    factories.CommitteeFactory(place=district, name="Đảng bộ huyện Quan Sơn")
    IssuingBody.objects.create(name="Ban Thường vụ Huyện ủy Quan Sơn", place=district)
    return {
        "son_lu": populate(old_son_lu, ["1", "2", "3"], PlaceKind.URBAN_QUARTER),
        "trung_xuan": populate(old_trung_xuan, ["Din", "Na"], PlaceKind.MOUNTAIN_VILLAGE),
        "ha_tinh": populate(ha_tinh_commune, ["Đông"], PlaceKind.VILLAGE),
        "district": district,
    }


def test_the_reform_moves_the_undivided_communes_and_leaves_the_other_province(two_provinces):
    before = area_figures(two_provinces["district"], date=datetime.date(2025, 6, 30)).area
    reform = reform_2025(user=ServerAccount(), province_code="38")

    assert reform.reorganisation.kind == Kind.REARRANGE
    new_trung_xuan = successor_of(TRUNG_XUAN)
    for hamlet in two_provinces["trung_xuan"]:
        hamlet.refresh_from_db()
        copy = hamlet.successors.get()
        assert hamlet.valid_to == LAST_DAY and copy.parent.code == new_trung_xuan.code
        assert Cell.objects.get(hamlet=copy).committee.place == copy.parent
        assert Person.objects.filter(place=copy).count() == 2
    assert CellMembership.objects.filter(end_reason=MembershipEndReason.MERGED).count() == 4
    # The district ended with its communes: its committee and its body.
    assert PartyCommittee.objects.get(name="Đảng bộ huyện Quan Sơn").dissolved_on == LAST_DAY
    assert IssuingBody.objects.get(name="Ban Thường vụ Huyện ủy Quan Sơn").valid_to == LAST_DAY
    # Hà Tĩnh was not asked for: its hamlet stays in force where it was.
    (ha_tinh_hamlet,) = two_provinces["ha_tinh"]
    ha_tinh_hamlet.refresh_from_db()
    assert ha_tinh_hamlet.valid_to is None and not ha_tinh_hamlet.successors.exists()
    # History is where it stood: the district's figures before the reform are unchanged.
    after = area_figures(two_provinces["district"], date=datetime.date(2025, 6, 30)).area
    assert {k: after[k] for k in ("hamlets", "cells", "party_members")} == {
        k: before[k] for k in ("hamlets", "cells", "party_members")
    }
    # After it, the district keeps only what waits: the divided commune's 3 × 2 members.
    assert area_figures(two_provinces["district"], date=ON).area["party_members"] == 6


def test_a_divided_commune_waits_until_its_hamlets_are_assigned(two_provinces):
    account = factories.UserFactory(username="sonlu", place=commune(SON_LU, LAST_DAY))

    reform = reform_2025(user=ServerAccount(), province_code="38")

    (waiting,) = reform.waiting
    assert waiting.commune.code == SON_LU
    assert sorted(unit.code for unit in waiting.successors) == ["15016", "15019"]
    assert [str(h) for h in waiting.hamlets] == ["Khu phố 1", "Khu phố 2", "Khu phố 3"]
    for hamlet in two_provinces["son_lu"]:
        hamlet.refresh_from_db()
        assert hamlet.valid_to is None  # nothing guessed
    account.refresh_from_db()
    assert account.place.code == SON_LU and account.place.valid_to == LAST_DAY


def workbook(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH PHÂN THÔN VỀ XÃ MỚI"])
    sheet.append(["Mã xã cũ", "Thôn", "Mã xã mới"])
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    return content


def test_a_workbook_of_assignments_finishes_the_divided_commune(two_provinces):
    reform_2025(user=ServerAccount(), province_code="38")
    rows = [[SON_LU, "Khu phố 1", "15016"], [SON_LU, "khu pho 2", "15016"], [int(SON_LU), 3, 15019]]

    pairs = read_assignments(workbook(rows), "38")
    reform = reform_2025(user=ServerAccount(), province_code="38", assignments=pairs)

    assert not reform.waiting and [unit.code for unit in reform.communes] == [SON_LU]
    places = {h.name: h.successors.get().parent.code for h in two_provinces["son_lu"]}
    assert places == {"1": "15016", "2": "15016", "3": "15019"}
    seat = commune("15016", ON)
    assert seat.lineage["exact"] == [commune(SON_LU, LAST_DAY).path]
    assert Reorganisation.objects.count() == 2


def test_a_workbook_with_bad_rows_names_each_and_changes_nothing(two_provinces):
    reform_2025(user=ServerAccount(), province_code="38")
    rows = [
        ["99999", "Khu phố 1", "15016"],  # no such old commune
        [SON_LU, "Khu phố 9", "15016"],  # no such hamlet
        [SON_LU, "Khu phố 1", "14995"],  # not one of its successors
        [SON_LU, "Khu phố 2", "15016"],
        [SON_LU, "Khu phố 2", "15019"],  # twice
        [TRUNG_XUAN, "Bản Din", "14995"],  # not divided (and moved already)
    ]

    with pytest.raises(ImportFailed) as failure:
        read_assignments(workbook(rows), "38")

    assert [(e.row, e.column) for e in failure.value.errors] == [
        (3, "Mã xã cũ"),
        (4, "Thôn"),
        (5, "Mã xã mới"),
        (7, "Thôn"),
        (8, "Mã xã cũ"),
    ]
    assert Reorganisation.objects.count() == 1


def test_running_it_again_changes_nothing(two_provinces):
    reform_2025(user=ServerAccount(), province_code="38")
    counts = [model.objects.count() for model in (Place, Cell, CellMembership, Reorganisation)]

    again = reform_2025(user=ServerAccount(), province_code="38")

    assert again.plan is None and again.reorganisation is None
    assert [
        model.objects.count() for model in (Place, Cell, CellMembership, Reorganisation)
    ] == counts


def test_reports_of_the_third_quarter_are_built_for_the_new_communes(two_provinces):
    reform_2025(user=ServerAccount(), province_code="38")

    places = Place.objects.filter(pk__in=places_with_reports(Period.parse("2025-Q3")))
    new_trung_xuan = successor_of(TRUNG_XUAN)
    assert new_trung_xuan in places and commune(TRUNG_XUAN, LAST_DAY) not in places
    assert not places.filter(level=2).exists()  # no district after the reform
    before = Place.objects.filter(pk__in=places_with_reports(Period.parse("2025-Q2")))
    assert commune(TRUNG_XUAN, LAST_DAY) in before and two_provinces["district"] in before


def test_the_reform_can_be_undone(two_provinces):
    counts = [model.objects.count() for model in (Place, Cell, CellMembership)]
    reform = reform_2025(user=ServerAccount(), province_code="38")

    undo_reorganisation(user=ServerAccount(), reorganisation=reform.reorganisation)

    assert [model.objects.count() for model in (Place, Cell, CellMembership)] == counts
    for hamlet in two_provinces["trung_xuan"]:
        hamlet.refresh_from_db()
        assert hamlet.valid_to is None
    again = reform_2025(user=ServerAccount(), province_code="38", dry_run=True)
    assert len(again.communes) == len(reform.communes)


@pytest.mark.parametrize("role", [Role.STAFF, Role.OFFICER])
def test_only_staff_above_every_commune_may_apply_it(two_provinces, role):
    user = factories.UserFactory(username="x", place=successor_of(TRUNG_XUAN), role=role)

    with pytest.raises(ReorganisationError):
        reform_2025(user=user, province_code="38")
    assert not Reorganisation.objects.exists()


def test_the_command_says_what_it_moved_and_what_waits(two_provinces):
    factories.UserFactory(username="quanson", place=two_provinces["district"], role=Role.STAFF)
    out = StringIO()

    call_command("apply_reform_2025", "--province", "38", stdout=out)

    text = out.getvalue()
    assert "đã chuyển 546 xã cũ vào xã mới từ 01/07/2025" in text
    assert "2 thôn, 2 chi bộ, 4 đảng viên" in text
    assert "Chờ phân thôn: Thị trấn Sơn Lư (15016)" in text
    assert "chưa phân 3 thôn: Khu phố 1, Khu phố 2, Khu phố 3" in text
    assert "Tài khoản cấp huyện, chỉ còn xem lịch sử: quanson (Huyện Quan Sơn)" in text


def test_district_cadres_stop_following_cells_when_the_district_ends(two_provinces):
    from meetings.models import CadreAssignment

    cell = Cell.objects.get(hamlet=two_provinces["trung_xuan"][0])
    cadre = factories.PersonFactory(place=two_provinces["district"])
    commune_cadre = factories.PersonFactory(place=cell.committee.place)
    for person in (cadre, commune_cadre):
        CadreAssignment.objects.create(
            person=person, cell=cell, start_date=datetime.date(2024, 1, 1)
        )

    reform_2025(user=ServerAccount(), province_code="38")

    ended = CadreAssignment.objects.filter(cell=cell)
    assert set(ended.values_list("end_date", flat=True)) == {LAST_DAY}
    # The commune's own cadre goes on in the copy; the district's does not.
    going_on = CadreAssignment.objects.filter(start_date=ON)
    assert [a.person for a in going_on] == [commune_cadre]
    assert going_on.get().cell.predecessors.get() == cell
