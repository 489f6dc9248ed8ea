"""`area_summary PLACE` of a unit that has closed says so and names the
units that took it over, with their codes. The merger is
tests/dashboards/conftest.py's: Thị trấn Sơn Lư (15001) and Xã Trung Xuân
(14995) into Xã Sơn Thủy (15002) on 01/07/2026 (fixtures imported in
tests/portal/conftest.py)."""

import datetime
import json
from io import StringIO

from django.core.management import call_command

from cells.lineage import refresh_lineage
from cells.models import Place, Succession
from tests import factories

D = datetime.date
CLOSED = (
    "Thị trấn Sơn Lư đã kết thúc hoạt động từ 01/07/2026 (hết hiệu lực ngày 30/06/2026). "
    "Đơn vị kế thừa: Xã Sơn Thủy (15002)."
)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("area_summary", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_closed_commune_is_said_to_be_closed_with_its_successor(merger):
    output, _errors = run("15001")

    lines = output.splitlines()
    assert lines[0] == CLOSED
    assert lines[1] == "Số liệu ngày cuối còn hiệu lực: --date 2026-06-30"
    assert any(line.startswith("Số đảng viên") and line.endswith(" 0") for line in lines)


def test_at_its_last_day_it_still_says_so_and_counts_what_it_had(merger):
    output, _errors = run("15001", "--date", "2026-06-30")

    assert output.splitlines()[0] == CLOSED
    assert any(
        line.startswith("Số đảng viên") and line.endswith(" 4") for line in output.splitlines()
    )


def test_with_json_the_notice_goes_to_stderr_and_stdout_stays_one_object(merger):
    output, errors = run("15001", "--date", "2026-06-30", "--json")

    assert json.loads(output)["party_members"] == 4
    assert errors.splitlines()[0] == CLOSED


def test_a_unit_in_force_says_nothing_of_the_kind(merger):
    output, errors = run("15002", "--date", "2026-12-31")

    assert "kết thúc hoạt động" not in output + errors
    assert output.splitlines()[0].startswith("Mã đơn vị")


def test_a_closed_district_names_the_communes_its_communes_went_into(
    district, commune_a, commune_b, province
):
    new = [
        factories.CommuneFactory(name=name, code=code, parent=province, valid_from=D(2025, 7, 1))
        for name, code in (("Quan Sơn", "15016"), ("Tam Lư", "15019"))
    ]
    for old, unit in zip((commune_a, commune_b), new, strict=True):
        Succession.objects.create(predecessor=old, successor=unit)
    Place.objects.filter(pk__in=[district.pk, commune_a.pk, commune_b.pk]).update(
        valid_to=D(2025, 6, 30)
    )
    refresh_lineage(new)

    output, _errors = run("387")

    assert output.splitlines()[0] == (
        "Huyện Quan Sơn đã kết thúc hoạt động từ 01/07/2025 (hết hiệu lực ngày 30/06/2025). "
        "Đơn vị kế thừa: Xã Quan Sơn (15016), Xã Tam Lư (15019)."
    )
