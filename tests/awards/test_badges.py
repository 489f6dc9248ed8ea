"""Party badges: who is due which level on a presentation date."""

import datetime

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from awards.badges import (
    BadgeDateError,
    badge_candidates,
    issue_badge_decision,
    level_due,
)
from awards.models import Award
from tests import factories


def member(cell, name, admitted_on, *, left_on=None):
    person = factories.PersonFactory(full_name=name, place=cell.hamlet)
    party_member = factories.PartyMemberFactory(
        person=person, admitted_on=admitted_on, left_on=left_on
    )
    factories.CellMembershipFactory(
        member=party_member, cell=cell, start_date=datetime.date(2010, 1, 1)
    )
    return party_member


def test_the_level_due_is_the_highest_reached_above_what_was_awarded():
    assert level_due(29) is None
    assert level_due(30) == 30
    assert level_due(44) == 40
    assert level_due(47, already_awarded=40) == 45
    assert level_due(52, already_awarded=40) == 50
    assert level_due(42, already_awarded=40) is None


def test_it_refuses_a_date_that_is_not_a_presentation_day(district):
    with pytest.raises(BadgeDateError, match="3/2, 19/5, 2/9 và 7/11"):
        badge_candidates(district, datetime.date(2024, 2, 4))


@pytest.fixture
def badge_members(cell_a, cell_b):
    return {
        "exact": member(cell_a, "Vi Văn Đúng", datetime.date(1994, 2, 3)),
        "one_day_short": member(cell_a, "Hà Văn Thiếu", datetime.date(1994, 2, 4)),
        "leap": member(cell_b, "Lò Thị Nhuận", datetime.date(1992, 2, 29)),
        "forty": member(cell_b, "Cầm Bá Bốn", datetime.date(1980, 6, 1)),
        "left": member(
            cell_a, "Lữ Văn Rời", datetime.date(1970, 1, 1), left_on=datetime.date(2020, 1, 1)
        ),
    }


def test_the_list_holds_those_due_with_their_level(district, badge_members):
    candidates = badge_candidates(district, datetime.date(2024, 2, 3))
    due = {candidate.person.full_name: candidate.level for candidate in candidates}
    assert due == {"Vi Văn Đúng": 30, "Lò Thị Nhuận": 30, "Cầm Bá Bốn": 40}


def test_a_29_february_member_is_first_listed_on_19_may_of_a_common_year(district, badge_members):
    on_3_february = badge_candidates(district, datetime.date(2022, 2, 3))
    on_19_may = badge_candidates(district, datetime.date(2022, 5, 19))
    assert "Lò Thị Nhuận" not in {c.person.full_name for c in on_3_february}
    assert "Lò Thị Nhuận" in {c.person.full_name for c in on_19_may}


def test_an_issued_decision_takes_members_off_the_next_list(district, district_body, badge_members):
    decision = issue_badge_decision(
        place=district,
        date=datetime.date(2024, 2, 3),
        number="88-QĐ/HU",
        decision_date=datetime.date(2024, 1, 20),
        body=district_body,
    )
    assert dict(decision.awards.values_list("recipient_name", "badge_years")) == {
        "Vi Văn Đúng": 30,
        "Lò Thị Nhuận": 30,
        "Cầm Bá Bốn": 40,
    }
    assert decision.form.code == "huy_hieu_dang"
    next_list = badge_candidates(district, datetime.date(2024, 5, 19))
    assert {candidate.person.full_name for candidate in next_list} == {"Hà Văn Thiếu"}


def test_an_officer_of_another_commune_lists_only_theirs(commune_b, badge_members):
    names = {c.person.full_name for c in badge_candidates(commune_b, datetime.date(2024, 2, 3))}
    assert names == {"Lò Thị Nhuận", "Cầm Bá Bốn"}


def test_the_badge_command_writes_the_list(district, badge_members, tmp_path):
    output = tmp_path / "huy-hieu.xlsx"
    call_command("export_badge_list", "387", date="2024-02-03", output=str(output))
    values = {c.value for row in openpyxl.load_workbook(output).active.iter_rows() for c in row}
    assert "Vi Văn Đúng" in values
    assert "Huy hiệu 40 năm tuổi Đảng (vào Đảng ngày 01/06/1980)" in values
    assert "Hà Văn Thiếu" not in values


def test_the_badge_command_refuses_another_date(district, tmp_path):
    with pytest.raises(CommandError, match="không phải ngày trao"):
        call_command("export_badge_list", "387", date="2024-02-04", output=str(tmp_path / "x.xlsx"))


def test_awards_carry_the_badge_level(district, district_body, badge_members):
    issue_badge_decision(
        place=district,
        date=datetime.date(2024, 2, 3),
        number="89-QĐ/HU",
        decision_date=datetime.date(2024, 1, 20),
        body=district_body,
    )
    assert Award.objects.filter(badge_years=40).get().recipient_name == "Cầm Bá Bốn"


def test_a_hostile_name_on_the_badge_list_stays_text(district, cell_a, tmp_path):
    member(cell_a, '=HYPERLINK("http://x","y")', datetime.date(1990, 1, 1))
    call_command("export_badge_list", "387", date="2024-02-03", output=str(tmp_path / "b.xlsx"))
    call_command("export_badge_list", "387", date="2024-02-03", output=str(tmp_path / "b.csv"))
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert '=HYPERLINK("http://x","y")' in {cell.value for cell in cells}
    csv_text = (tmp_path / "b.csv").read_text(encoding="utf-8-sig")
    assert '\'=HYPERLINK(""http://x"",""y"")' in csv_text
