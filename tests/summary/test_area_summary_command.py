"""manage.py area_summary PLACE [--date] [--period] [--json]."""

import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cells.constants import PlaceKind
from tests import factories


def run(*args):
    out = StringIO()
    call_command("area_summary", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_output_is_one_object_with_the_figures(area):
    output = run("387", "--date", "2023-12-31", "--json")

    summary = json.loads(output)
    assert "Huyện Quan Sơn" in output  # not escaped
    assert summary["place_code"] == "387"
    assert summary["cells"] == 2
    assert summary["party_members"] == 3
    assert summary["posts_vacant"]["bi_thu"] == 1
    assert summary["secretary_is_chief_share"] == 0.5


@pytest.mark.django_db
def test_without_json_it_prints_a_vietnamese_table(area):
    output = run("387", "--date", "2023-12-31")

    assert "Đơn vị" in output and "Huyện Quan Sơn" in output
    assert any(
        line.startswith("Số đảng viên") and line.endswith(" 3") for line in output.splitlines()
    )
    assert "Tỷ lệ bí thư kiêm trưởng thôn" in output and "50,0%" in output
    assert "  Bí thư chi bộ" in output


@pytest.mark.django_db
def test_a_period_counts_at_its_end(area):
    summary = json.loads(run("387", "--period", "2023", "--json"))

    assert summary["period"] == "2023"
    assert summary["date"] == "2023-12-31"
    assert summary["party_members"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["quan son", "Huyện Quan Sơn", "  QUAN  SƠN ", "huyen quan son"])
def test_place_can_be_named_without_diacritics_or_with_its_kind(area, name):
    summary = json.loads(run(name, "--date", "2023-12-31", "--json"))

    assert summary["place_code"] == "387"


@pytest.mark.django_db
def test_a_name_typed_in_nfd_finds_the_place(area):
    name = unicodedata.normalize("NFD", "Quan Sơn")

    assert json.loads(run(name, "--json"))["place_code"] == "387"


@pytest.mark.django_db
def test_an_ambiguous_name_lists_the_candidates_with_their_codes(area, province):
    other = factories.DistrictFactory(name="Chi Lăng", code="181", parent=province)
    factories.CommuneFactory(name="Quan Sơn", code="06517", parent=other)

    with pytest.raises(CommandError) as error:
        run("quan son")

    message = str(error.value)
    assert "Huyện Quan Sơn (387" in message
    assert "Xã Quan Sơn (06517, Huyện Chi Lăng)" in message


@pytest.mark.django_db
def test_the_kind_settles_an_otherwise_ambiguous_name(area, province):
    factories.CommuneFactory(name="Quan Sơn", code="06517", kind=PlaceKind.COMMUNE)

    summary = json.loads(run("Xã Quan Sơn", "--json"))

    assert summary["place_code"] == "06517"


@pytest.mark.django_db
def test_it_rejects_an_unknown_place(area):
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị “Hà Giang”"):
        run("Hà Giang")
    with pytest.raises(CommandError, match="Không có đơn vị nào mang mã “999”"):
        run("999")


@pytest.mark.django_db
def test_it_rejects_a_date_not_written_yyyy_mm_dd(area):
    with pytest.raises(CommandError, match="Ngày “31/12/2023” không hợp lệ"):
        run("387", "--date", "31/12/2023")


@pytest.mark.django_db
def test_it_rejects_a_bad_period(area):
    with pytest.raises(CommandError, match="Tháng phải từ 01 đến 12"):
        run("387", "--period", "2023-13")
    with pytest.raises(CommandError, match="Kỳ “quý 3” không hợp lệ"):
        run("387", "--period", "quý 3")


@pytest.mark.django_db
def test_it_rejects_a_date_and_a_period_together(area):
    with pytest.raises(CommandError, match="--date hoặc --period"):
        run("387", "--date", "2023-12-31", "--period", "2023")
