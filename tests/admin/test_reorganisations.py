"""The reorganisation admin: form → preview with counts → confirm, and undo;
tried by the staff above the units, an officer, staff of another commune
and an anonymous visitor."""

import pytest

from cells.constants import Role
from cells.models import Cell, CellMembership, Holding, Place, Reorganisation
from tests import factories
from tests.cells.test_reorganisations import LAST_DAY, make_hamlet

ADD_URL = "/admin/cells/reorganisation/add/"


@pytest.fixture
def staff_a(commune_a):
    return factories.UserFactory(username="cb-sonlu", place=commune_a, role=Role.STAFF)


@pytest.fixture
def hamlets(commune_a):
    return make_hamlet(commune_a, "Khu 1"), make_hamlet(commune_a, "Khu 2")


def merger(hamlets, **extra):
    (hamlet_1, _, _), (hamlet_2, _, _) = hamlets
    return {
        "kind": "sap_nhap",
        "subject": "4",
        "predecessors": [hamlet_1.pk, hamlet_2.pk],
        "new_names": "Khu Đoàn Kết",
        "new_kind": "khu_pho",
        "effective_on": "01/07/2026",
        "decision_number": "12/NQ-HĐND",
        "decided_by": "HĐND thị trấn Sơn Lư",
        **extra,
    }


def test_staff_see_a_preview_with_counts_before_anything_is_written(login, staff_a, hamlets):
    client = login(staff_a)
    assert client.get(ADD_URL).status_code == 200

    response = client.post(ADD_URL, merger(hamlets))

    page = response.content.decode()
    assert "6 đảng viên chuyển sinh hoạt sang chi bộ kế thừa" in page
    assert "4 người thôi giữ chức danh (sáp nhập)" in page
    assert "Xác nhận sắp xếp" in page
    assert not Reorganisation.objects.exists()
    assert not Place.objects.filter(name="Khu Đoàn Kết").exists()


def test_confirm_applies_it_and_carries_the_chosen_holder(login, staff_a, hamlets):
    (_, _, secretary), _ = hamlets
    client = login(staff_a)

    response = client.post(ADD_URL, merger(hamlets, confirm="1", carry=[secretary.pk]))

    reorganisation = Reorganisation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/cells/reorganisation/{reorganisation.pk}/change/"
    successor = Place.objects.get(name="Khu Đoàn Kết")
    assert CellMembership.objects.filter(cell__hamlet=successor).count() == 6
    assert Holding.objects.get(post__cell__hamlet=successor).person == secretary.person
    page = client.get(response.url).content.decode()
    assert "Hoàn tác sắp xếp" in page


def test_undo_from_the_page_of_the_reorganisation(login, staff_a, hamlets):
    client = login(staff_a)
    client.post(ADD_URL, merger(hamlets, confirm="1"))
    reorganisation = Reorganisation.objects.get()

    assert client.get(f"/admin/cells/reorganisation/{reorganisation.pk}/undo/").status_code == 405
    response = client.post(f"/admin/cells/reorganisation/{reorganisation.pk}/undo/", follow=True)

    assert "Đã hoàn tác" in response.content.decode()
    assert not Place.objects.filter(name="Khu Đoàn Kết").exists()
    assert not Place.objects.filter(valid_to=LAST_DAY).exists()


def test_bad_input_is_shown_on_the_form_and_nothing_is_written(login, staff_a, hamlets):
    client = login(staff_a)

    response = client.post(ADD_URL, merger(hamlets, new_names="", confirm="1"))

    assert "Chọn đơn vị sáp nhập vào, hoặc nhập tên đơn vị mới." in response.content.decode()
    assert not Reorganisation.objects.exists()


def test_staff_of_another_commune_are_offered_none_of_the_hamlets(login, commune_b, hamlets):
    staff_b = factories.UserFactory(username="cb-tx", place=commune_b, role=Role.STAFF)

    response = login(staff_b).post(ADD_URL, merger(hamlets, confirm="1"))

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Reorganisation.objects.exists()


def test_an_officer_may_not_reorganise(login, officer_a, hamlets):
    response = login(officer_a).post(ADD_URL, merger(hamlets, confirm="1"))

    assert response.status_code == 403
    assert not Reorganisation.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, hamlets):
    response = client.post(ADD_URL, merger(hamlets, confirm="1"))

    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not Reorganisation.objects.exists()


def test_the_unit_merged_into_counts_among_the_merged_ones(login, staff_a, hamlets):
    (hamlet_1, _, _), (hamlet_2, _, _) = hamlets
    data = merger(hamlets, predecessors=[hamlet_2.pk], successor=hamlet_1.pk, new_names="")

    login(staff_a).post(ADD_URL, {**data, "confirm": "1"})

    hamlet_1.refresh_from_db(), hamlet_2.refresh_from_db()
    assert hamlet_1.valid_to is None and hamlet_2.valid_to == LAST_DAY
    assert list(hamlet_2.successors.all()) == [hamlet_1]


def test_a_change_of_kind_needs_only_the_new_kind(login, staff_a, hamlets):
    (hamlet_1, cell_1, _), _ = hamlets
    data = merger(hamlets, kind="chuyen_loai", predecessors=[hamlet_1.pk], new_names="")

    login(staff_a).post(ADD_URL, {**data, "new_kind": "to_dan_pho", "confirm": "1"})

    new = Place.objects.get(kind="to_dan_pho")
    assert new.name == hamlet_1.name and list(hamlet_1.successors.all()) == [new]
    cell_1.refresh_from_db()
    assert cell_1.dissolved_on == LAST_DAY  # history stays with the old row
    assert Cell.objects.get(hamlet=new).predecessors.get() == cell_1


def split(commune, successors, **extra):
    return {
        "kind": "chia_tach",
        "subject": "3",
        "predecessors": [commune.pk],
        "successors": [unit.pk for unit in successors],
        "effective_on": "01/07/2026",
        "decision_number": "1686/NQ-UBTVQH15",
        **extra,
    }


def test_a_commune_split_asks_where_each_hamlet_goes_then_previews(
    login, district_staff, commune_a, commune_b
):
    hamlets = [make_hamlet(commune_a, name)[0] for name in ("Khu 1", "Khu 2")]
    east = factories.CommuneFactory(name="Sơn Đông", code="15002", parent=commune_a.parent)
    client = login(district_staff)

    first = client.post(ADD_URL, split(commune_a, [east, commune_b]))

    page = first.content.decode()
    assert "chọn đơn vị kế thừa cho từng thôn" in page
    assert f'name="assign-{hamlets[0].pk}"' in page and "Sơn Đông" in page
    assert not Reorganisation.objects.exists()
    chosen = {f"assign-{hamlets[0].pk}": "0", f"assign-{hamlets[1].pk}": "1"}
    missing = client.post(ADD_URL, {**split(commune_a, [east, commune_b]), "assigning": "1"})
    assert "Chưa phân về đơn vị kế thừa: Thôn Khu 1, Thôn Khu 2" in missing.content.decode()
    preview = client.post(
        ADD_URL, {**split(commune_a, [east, commune_b]), "assigning": "1", **chosen}
    )
    assert "2 thôn, tổ dân phố chuyển sang đơn vị kế thừa" in preview.content.decode()
    assert not Reorganisation.objects.exists()

    data = {**split(commune_a, [east, commune_b]), "assigning": "1", **chosen, "confirm": "1"}
    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    parents = {h.name: h.successors.get().parent for h in hamlets}
    assert parents == {"Khu 1": east, "Khu 2": commune_b}


def test_two_cells_of_a_commune_merge_and_a_cell_is_dissolved(login, staff_a, commune_a):
    committee = factories.CommitteeFactory(place=commune_a)
    school = factories.CellFactory(hamlet=None, kind="truong_hoc", committee=committee)
    clinic = factories.CellFactory(hamlet=None, kind="tram_y_te", committee=committee)
    empty = factories.CellFactory(hamlet=None, kind="co_quan", committee=committee)
    factories.CellMembershipFactory(cell=clinic, member__person__place=commune_a)
    client = login(staff_a)
    base = {"subject": "9", "effective_on": "01/07/2026"}

    merged = client.post(
        ADD_URL,
        {
            **base,
            "kind": "sap_nhap",
            "predecessor_cells": [clinic.pk],
            "successor_cell": school.pk,
            "confirm": "1",
        },
    )
    dissolved = client.post(
        ADD_URL, {**base, "kind": "giai_the", "predecessor_cells": [empty.pk], "confirm": "1"}
    )

    assert merged.status_code == dissolved.status_code == 302
    clinic.refresh_from_db(), empty.refresh_from_db()
    assert list(clinic.successors.all()) == [school] and empty.dissolved_on == LAST_DAY
    assert CellMembership.objects.get(cell=school).start_date.isoformat() == "2026-07-01"
