"""The official units loader (manage.py load_admin_units)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cells.constants import Level, PlaceKind
from cells.models import Place, Succession
from cells.official_units import OfficialUnitsError, reform_2025_mapping

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


LAST_LEGACY_DAY = datetime.date(2025, 6, 30)


def load_provinces(*args):
    out = StringIO()
    call_command("load_admin_units", *args, stdout=out)
    return out.getvalue()


def snapshot():
    fields = ("pk", "code", "name", "kind", "parent", "valid_from", "valid_to", "path")
    links = Succession.objects.order_by("predecessor", "successor")
    return [
        list(Place.objects.order_by("pk").values_list(*fields)),
        list(links.values_list("predecessor", "successor")),
    ]


def in_force_below(province_code, level):
    province = Place.objects.official_unit(province_code)
    return Place.objects.within(province).filter(level=level, valid_to=None)


@pytest.mark.django_db
def test_the_reform_of_one_province_leaves_the_other_provinces_in_force():
    load_provinces("--province", "38", "--province", "01")
    ha_noi_districts = in_force_below("01", Level.DISTRICT).count()
    ha_noi_communes = in_force_below("01", Level.COMMUNE).count()

    load_provinces("--province", "38", "--list", "both")

    assert ha_noi_districts == 30 and ha_noi_communes == 526
    assert in_force_below("01", Level.DISTRICT).count() == ha_noi_districts
    assert in_force_below("01", Level.COMMUNE).count() == ha_noi_communes
    ha_noi = Place.objects.official_unit("01")
    assert not Place.objects.within(ha_noi).filter(successors__isnull=False).exists()
    thanh_hoa_districts = Place.objects.within(Place.objects.official_unit("38")).filter(
        level=Level.DISTRICT
    )
    assert set(thanh_hoa_districts.values_list("valid_to", flat=True)) == {LAST_LEGACY_DAY}
    new_communes = in_force_below("38", Level.COMMUNE)
    assert new_communes.count() == 166
    assert set(new_communes.values_list("valid_from", flat=True)) == {AFTER_REFORM}


@pytest.mark.django_db
def test_the_2025_list_alone_creates_no_unit_of_the_old_list():
    output = load("--list", "2025")

    assert not Place.objects.filter(level=Level.DISTRICT).exists()
    thanh_hoa = Place.objects.get(level=Level.PROVINCE)
    assert (thanh_hoa.code, thanh_hoa.valid_to) == ("38", None)
    communes = Place.objects.communes()
    assert communes.count() == 166
    assert set(communes.values_list("valid_from", "valid_to", "parent")) == {
        (AFTER_REFORM, None, thanh_hoa.pk)
    }
    assert "Xã: 166 tạo mới" in output and "hết hiệu lực" not in output


@pytest.mark.django_db
def test_the_2025_list_on_top_of_the_old_one_closes_and_links_what_it_replaces():
    load()

    output = load("--list", "2025")

    assert Place.objects.communes().filter(valid_from=None).count() == 547
    assert not Place.objects.communes().filter(valid_from=None, valid_to=None).exists()
    assert not Place.objects.communes().filter(valid_from=None, successors=None).exists()
    assert Place.objects.official_unit("387").valid_to == LAST_LEGACY_DAY
    assert "Huyện: 0 tạo mới, 0 cập nhật, 26 hết hiệu lực" in output
    assert "Xã: 166 tạo mới, 0 cập nhật, 547 hết hiệu lực" in output


@pytest.mark.django_db
def test_the_old_list_loaded_after_the_2025_one_comes_in_closed():
    load("--list", "2025")

    load()

    old_communes = Place.objects.communes().filter(valid_from=None)
    assert old_communes.count() == 547
    assert set(old_communes.values_list("valid_to", flat=True)) == {LAST_LEGACY_DAY}
    assert Place.objects.official_unit("387").valid_to == LAST_LEGACY_DAY
    assert Place.objects.communes().filter(valid_to=None).count() == 166
    assert Place.objects.official_unit("15016", on=BEFORE_REFORM).valid_from is None
    assert Place.objects.filter(level=Level.PROVINCE).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["legacy", "2025", "both"])
def test_loading_a_list_again_changes_nothing(which):
    load_provinces("--province", "01")  # another province already there
    load("--list", which)
    before = snapshot()

    output = load("--list", which)

    assert snapshot() == before
    assert "hết hiệu lực" not in output
    assert all(" 0 tạo mới, 0 cập nhật" in line for line in output.splitlines()[:3])


@pytest.mark.django_db
def test_a_reused_code_names_the_old_commune_before_the_reform_and_the_new_one_after():
    load("--list", "both")

    old = Place.objects.official_unit("15016", on=BEFORE_REFORM)
    new = Place.objects.official_unit("15016")
    assert old.valid_from is None and old.valid_to == LAST_LEGACY_DAY
    assert str(old) == "Thị trấn Sơn Lư"
    assert new.valid_from == AFTER_REFORM and new.valid_to is None
    assert list(old.successors.all()) == [new]


@pytest.mark.django_db
def test_a_failure_while_writing_the_2025_list_leaves_the_old_units_in_force(monkeypatch):
    load()

    def fail(places, successors):
        raise RuntimeError("disk full")

    monkeypatch.setattr("cells.official_units._link", fail)
    with pytest.raises(RuntimeError):
        load("--list", "2025")

    assert Place.objects.communes().filter(valid_to=None).count() == 547
    assert not Place.objects.filter(valid_from=AFTER_REFORM).exists()


def test_the_reform_mapping_lists_every_old_commune_and_the_divided_ones_with_several():
    mapping = reform_2025_mapping("38")

    assert len(mapping) == 547
    assert mapping["15016"] == ["15016", "15019"]  # Sơn Lư divided, its seat first
    divided = {old for old, new in mapping.items() if len(new) > 1}
    assert 0 < len(divided) < 547
    assert all(len(set(new)) == len(new) for new in mapping.values())
    assert len({code for new in mapping.values() for code in new}) == 166


def test_the_reform_mapping_of_a_merged_province_covers_the_province_it_took_in():
    mapping = reform_2025_mapping("31")

    assert any(old.startswith("10") for old in mapping)  # Hải Dương's communes: 10xxx
    with pytest.raises(OfficialUnitsError, match="Danh mục 2025 không có tỉnh nào mang mã 30"):
        reform_2025_mapping("30")  # Hải Dương is part of Hải Phòng since 2025


@pytest.mark.django_db
def test_the_successor_written_is_the_first_new_commune_of_the_mapping():
    load("--list", "both")
    mapping = reform_2025_mapping("38")

    successors = dict(
        Place.objects.communes().filter(valid_from=None).values_list("code", "successors__code")
    )
    assert successors == {old: new[0] for old, new in mapping.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("provinces", [["38"], ["38", "01"]])
def test_it_writes_in_bulk_whatever_the_number_of_units(provinces, django_assert_max_num_queries):
    args = [arg for code in provinces for arg in ("--province", code)]
    # A statement per 500 units at most, never one per unit.
    with django_assert_max_num_queries(25):
        load_provinces(*args)
    with django_assert_max_num_queries(25):
        load_provinces(*args, "--list", "2025")
    with django_assert_max_num_queries(16):  # a re-run changes no row
        load_provinces(*args, "--list", "both")
