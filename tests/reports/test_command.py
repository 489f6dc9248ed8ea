"""manage.py build_report: the same service, synchronously."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from core.periods import Period
from portal.models import Report
from portal.summary import area_figures


@pytest.mark.parametrize("code", ["2023-07", "2023-Q3", "2023-H1", "2023"])
def test_json_figures_equal_area_summary(area, commune_a, code):
    out = io.StringIO()

    call_command("build_report", place="15001", period=code, stdout=out)

    assert json.loads(out.getvalue()) == area_figures(commune_a, period=Period.parse(code)).area
    assert Report.objects.filter(place=commune_a, period=code).count() == 1


def test_district_json_adds_commune_rows(area, district):
    out = io.StringIO()

    call_command("build_report", place="387", period="2023", stdout=out)

    figures = json.loads(out.getvalue())
    assert len(figures.pop("commune_rows")) == 2
    assert figures == area_figures(district, period=Period.parse("2023")).area


def test_xlsx_output(area, tmp_path):
    target = tmp_path / "bao-cao.xlsx"

    call_command(
        "build_report",
        place="387",
        period="2023-H1",
        format="xlsx",
        output=str(target),
        stderr=io.StringIO(),
    )

    sheet = openpyxl.load_workbook(target).active
    assert sheet["A1"].value == "BÁO CÁO SƠ KẾT 6 THÁNG ĐẦU NĂM 2023"


def test_bad_input(area):
    with pytest.raises(CommandError):
        call_command("build_report", place="387", period="2023-13")
    with pytest.raises(CommandError):
        call_command("build_report", place="99999", period="2023")
    with pytest.raises(CommandError):
        call_command("build_report", place="387", period="2023", format="xlsx")
