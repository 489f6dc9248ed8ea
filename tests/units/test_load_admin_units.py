"""The official units loader (manage.py load_admin_units)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cells.constants import Level, PlaceKind
from cells.models import Place

BEFORE_REFORM = datetime.date(2023, 12, 31)
AFTER_REFORM = datetime.date(2025, 7, 1)


def load(*args):
    out = StringIO()
    call_command("load_admin_units", "--province", "38", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_quan_son_with_its_twelve_communes():
    output = load()

    quan_son = Place.objects.official_unit("387")
    communes = Place.objects.within(quan_son).communes()
    assert str(quan_son) == "Huyện Quan Sơn"
    assert quan_son.parent.code == "38" and quan_son.parent.name == "Thanh Hóa"
    assert communes.count() == 12
    assert communes.filter(kind=PlaceKind.COMMUNE).count() == 11
    assert [str(c) for c in communes.filter(kind=PlaceKind.TOWNSHIP)] == ["Thị trấn Sơn Lư"]
    assert "Huyện: 26 tạo mới" in output and "Xã: 547 tạo mới" in output


@pytest.mark.django_db
def test_it_keeps_codes_and_kinds_of_tho_xuan_and_nghi_son():
    load()

    assert str(Place.objects.official_unit("395")) == "Huyện Thọ Xuân"
    nghi_son = Place.objects.official_unit("407")
    assert nghi_son.kind == PlaceKind.DISTRICT_TOWN
    assert str(nghi_son) == "Thị xã Nghi Sơn"
    assert Place.objects.within(nghi_son).communes().count() == 30
    assert all(len(p.code) == 5 for p in Place.objects.communes())


@pytest.mark.django_db
def test_it_fills_paths_and_search_names_for_the_tree():
    load()

    son_lu = Place.objects.get(code="15016")
    assert son_lu.path == f"{son_lu.parent.path}{son_lu.pk}/"
    assert son_lu.parent.path == f"{son_lu.parent.parent.path}{son_lu.parent.pk}/"
    assert son_lu.search_name == "son lu"
    assert Place.objects.filter(search_name="quan son", level=Level.DISTRICT).count() == 1


@pytest.mark.django_db
def test_running_it_twice_neither_fails_nor_duplicates():
    load()
    before = Place.objects.count()

    output = load()

    assert Place.objects.count() == before
    assert "Xã: 0 tạo mới, 0 cập nhật" in output


@pytest.mark.django_db
def test_running_it_again_brings_renamed_units_back_to_the_official_name():
    load()
    Place.objects.filter(code="387").update(name="Quan Son cũ", search_name="quan son cu")

    load()

    quan_son = Place.objects.official_unit("387")
    assert quan_son.name == "Quan Sơn"
    assert quan_son.search_name == "quan son"


@pytest.mark.django_db
def test_the_2025_list_puts_new_communes_directly_under_the_province():
    load("--list", "both")

    thanh_hoa = Place.objects.official_unit("38")
    new_communes = Place.objects.communes().filter(valid_from=AFTER_REFORM)
    assert thanh_hoa.valid_to is None  # the province survives the reform
    assert new_communes.count() == 166
    assert set(new_communes.values_list("parent", flat=True)) == {thanh_hoa.pk}
    assert Place.objects.official_unit("387", on=AFTER_REFORM) is None  # districts abolished
    assert Place.objects.official_unit("387").valid_to == datetime.date(2025, 6, 30)


@pytest.mark.django_db
def test_old_communes_end_on_30_june_2025_and_point_to_their_successor():
    load("--list", "both")

    son_lu = Place.objects.get(code="15016", valid_from=None)
    assert son_lu.valid_to == datetime.date(2025, 6, 30)
    (successor,) = son_lu.successors.all()
    assert successor.valid_from == AFTER_REFORM
    assert successor.parent == Place.objects.official_unit("38")
    assert not Place.objects.communes().filter(valid_from=None, successors=None).exists()
    # History stays under the old names: Quan Sơn still had 12 communes in 2023.
    quan_son = Place.objects.official_unit("387")
    assert Place.objects.within(quan_son).communes().valid_on(BEFORE_REFORM).count() == 12


@pytest.mark.django_db
def test_the_2025_list_loaded_twice_neither_fails_nor_duplicates():
    load("--list", "both")
    before = Place.objects.count()

    load("--list", "both")

    assert Place.objects.count() == before
    in_force = Place.objects.communes().filter(valid_to=None)
    assert in_force.count() == 166


@pytest.mark.django_db
def test_it_rejects_a_province_code_that_is_not_a_code():
    with pytest.raises(CommandError, match="Mã tỉnh “38; drop” không hợp lệ"):
        call_command("load_admin_units", "--province", "38; drop", stdout=StringIO())
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_it_rejects_an_unknown_province_code():
    with pytest.raises(CommandError, match="Không có tỉnh nào mang mã 99"):
        call_command("load_admin_units", "--province", "99", stdout=StringIO())


@pytest.mark.django_db
def test_a_merged_province_ends_and_points_to_the_province_that_took_it_in():
    call_command("load_admin_units", "--province", "31", "--list", "both", stdout=StringIO())

    hai_duong = Place.objects.get(code="30", level=Level.PROVINCE)
    hai_phong = Place.objects.get(code="31", level=Level.PROVINCE)
    assert hai_duong.valid_to == datetime.date(2025, 6, 30)
    assert list(hai_duong.successors.all()) == [hai_phong]
    assert hai_phong.valid_to is None
    old_commune = Place.objects.within(hai_duong).communes().first()
    assert old_commune.successors.get().parent == hai_phong
