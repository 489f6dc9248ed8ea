"""History on the dashboards: a unit that has closed opens at its last day
and names its successors; a place that came out of a merger compares its
figures before (its predecessors' sum) and after (its own). The merger is
the one of tests/dashboards/conftest.py (`merger`), counted by hand there."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cells.constants import ReorganisationKind, ReorganisationSubject, Role
from cells.lineage import refresh_lineage
from cells.models import Place, Succession
from cells.reorganisations import NewPlace, apply_reorganisation, plan_reorganisation
from core.commands import ServerAccount
from core.periods import Period
from portal.summary import area_figures
from tests import factories

from .conftest import LAST_DAY, MERGED_ON

D = datetime.date
ADDED = ["hamlets", "cells", "party_members", "admissions", "meetings_expected", "meetings_held"]
ADDED += ["thematic_meetings", "awards_individual", "awards_collective"]


def place_url(code, **query):
    path = reverse("dashboard-place", args=[code])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def banner(response):
    match = re.search(r'<section class="closed-banner".*?</section>', response.text, re.S)
    assert match, "no banner"
    return re.sub(r"\s+", " ", match.group(0))


def compared(response):
    return {
        figure.key: (figure.before, figure.after)
        for figure in response.context["comparison"].figures
    }


# --- a closed commune ----------------------------------------------------------


def test_a_closed_commune_opens_at_its_last_day_and_names_its_successor(merger, login):
    response = login(merger["staff"]).get(place_url("15001"))

    assert response.status_code == 200
    assert response.context["date"] == LAST_DAY
    assert response.context["summary"]["party_members"] == 4  # not today's zero
    text = banner(response)
    assert (
        "Thị trấn Sơn Lư đã kết thúc hoạt động từ 01/07/2026 (hết hiệu lực ngày 30/06/2026)."
        in text
    )
    assert f'Đơn vị kế thừa: <a href="{place_url("15002")}">Xã Sơn Thủy</a>.' in text


def test_a_date_picked_on_a_closed_commune_still_shows_that_day(merger, login):
    response = login(merger["staff"]).get(place_url("15001", date="2026-02-28"))

    assert response.context["date"] == D(2026, 2, 28)
    assert response.context["summary"]["party_members"] == 3  # the newcomer came in March
    assert "đã kết thúc hoạt động" in banner(response)


def test_a_commune_in_force_has_no_banner(merger, login, officer_c):
    response = login(officer_c).get(place_url("15010"))

    assert response.context["closure"] is None
    assert "closed-banner" not in response.text
    assert response.context["date"] == timezone.localdate()


def test_a_closed_hamlet_opens_at_its_last_day_and_links_its_copy(merger, login):
    old = merger["hamlet_a"]
    copy = old.successors.get()

    response = login(merger["staff"]).get(reverse("dashboard-hamlet", args=[old.pk]))

    assert response.status_code == 200
    assert response.context["date"] == LAST_DAY
    assert [cell.members for cell in response.context["unit_cells"]] == [4]
    text = banner(response)
    assert "Thôn Khu 1 đã kết thúc hoạt động từ 01/07/2026 (hết hiệu lực ngày 30/06/2026)." in text
    assert f'<a href="{reverse("dashboard-hamlet", args=[copy.pk])}">{copy}</a>' in text


def test_a_dissolved_cell_opens_at_its_last_day_and_links_the_cell_that_goes_on(merger, login):
    old, copy = merger["cell_a"], merger["copy_a"]

    response = login(merger["staff"]).get(reverse("dashboard-cell", args=[old.pk]))

    assert response.context["date"] == LAST_DAY
    text = banner(response)
    assert "Chi bộ Khu 1 đã kết thúc hoạt động từ 01/07/2026 (giải thể ngày 30/06/2026)." in text
    assert f'Chi bộ kế thừa: <a href="{reverse("dashboard-cell", args=[copy.pk])}">' in text


def test_the_copy_of_a_cell_has_no_banner(merger, login):
    response = login(merger["staff"]).get(reverse("dashboard-cell", args=[merger["copy_a"].pk]))

    assert response.context["closure"] is None
    assert response.context["date"] == timezone.localdate()


# --- a closed district -----------------------------------------------------------


def close_district(district, communes, province):
    """What the official units loader does on 30/06/2025: the district and
    its communes close, each commune linked to a new one under the province
    (the district itself has no link)."""
    successors = []
    for index, commune in enumerate(communes):
        new = factories.CommuneFactory(
            name=f"Mới {index:02d}",
            code=f"16{index:03d}",
            parent=province,
            valid_from=D(2025, 7, 1),
        )
        Succession.objects.create(predecessor=commune, successor=new)
        successors.append(new)
    Place.objects.filter(pk__in=[district.pk, *(c.pk for c in communes)]).update(
        valid_to=D(2025, 6, 30)
    )
    refresh_lineage(successors)
    district.refresh_from_db()
    return successors


def test_a_closed_district_names_the_communes_its_communes_went_into(
    area, login, district, commune_a, commune_b, province
):
    close_district(district, [commune_a, commune_b], province)
    staff = factories.UserFactory(username="tinh", place=province, role=Role.STAFF)

    response = login(staff).get(place_url("387"))

    assert response.context["date"] == D(2025, 6, 30)
    text = banner(response)
    assert (
        "Huyện Quan Sơn đã kết thúc hoạt động từ 01/07/2025 (hết hiệu lực ngày 30/06/2025)." in text
    )
    assert (
        f'Đơn vị kế thừa: <a href="{place_url("16000")}">Xã Mới 00</a>, '
        f'<a href="{place_url("16001")}">Xã Mới 01</a>.'
    ) in text


def test_a_closed_districts_staff_see_its_successors_without_links(
    area, login, district, commune_a, commune_b, province, district_staff
):
    close_district(district, [commune_a, commune_b], province)

    text = banner(login(district_staff).get(place_url("387")))

    # The new communes lie outside a closed district's scope: named, not linked.
    assert "Đơn vị kế thừa: Xã Mới 00, Xã Mới 01." in text
    assert place_url("16000") not in text


def test_a_district_whose_communes_went_into_many_names_the_province(
    area, login, district, province, district_staff
):
    communes = [
        factories.CommuneFactory(name=f"Cũ {n}", code=f"17{n:03d}", parent=district)
        for n in range(11)
    ]
    close_district(district, communes, province)
    staff = factories.UserFactory(username="tinh", place=province, role=Role.STAFF)

    text = banner(login(staff).get(place_url("387")))

    assert (
        f'Đơn vị kế thừa: <a href="{place_url("38")}">các xã, phường mới của tỉnh Thanh Hóa</a>.'
        in text
    )
    assert "Xã Mới 00" not in text
    district_text = banner(login(district_staff).get(place_url("387")))
    assert "Đơn vị kế thừa: các xã, phường mới của tỉnh Thanh Hóa." in district_text


def test_a_commune_of_the_2025_list_compares_itself_with_the_commune_it_replaced(
    area, login, district, commune_a, commune_b, province
):
    """Links written by the official units loader carry no reorganisation:
    the successor's first day stands for the effective date."""
    close_district(district, [commune_a, commune_b], province)
    staff = factories.UserFactory(username="tinh", place=province, role=Role.STAFF)

    response = login(staff).get(place_url("16000", date="2025-12-31"))

    comparison = response.context["comparison"]
    assert comparison.effective_on == D(2025, 7, 1)
    assert comparison.before == Period.between(D(2025, 1, 1), D(2025, 6, 30))
    figures = compared(response)
    old = area_figures(commune_a, period=comparison.before).area
    new = area_figures(Place.objects.get(code="16000"), period=comparison.after).area
    assert figures["party_members"] == (old["party_members"], new["party_members"])
    # The old commune's hamlets, not yet copied by a reform, go on counting
    # in the new commune's area through its lineage: 4 members on each side.
    assert figures["party_members"] == (4, 4) and figures["hamlets"] == (2, 2)
    assert "Văn bản" not in response.text  # no decision recorded for it


# --- before and after --------------------------------------------------------------


def sum_of(places, period):
    figures = [area_figures(place, period=period).area for place in places]
    return {key: sum(each[key] for each in figures) for key in ADDED}


def test_the_successor_compares_the_predecessors_before_with_itself_after(
    merger, login, commune_a, commune_b
):
    new = merger["new"]

    response = login(merger["staff"]).get(place_url("15002", date="2026-12-31"))

    comparison = response.context["comparison"]
    assert comparison.effective_on == MERGED_ON
    before = Period.between(D(2026, 1, 1), LAST_DAY)
    after = Period.between(MERGED_ON, D(2026, 12, 31))
    assert (comparison.before, comparison.after) == (before, after)
    figures = compared(response)
    # Counted by hand (conftest.py), before = the predecessors, after = itself.
    assert figures == {
        "hamlets": (2, 2),
        "cells": (2, 2),
        "party_members": (6, 7),
        "admissions": (1, 1),
        "meetings_expected": (12, 12),
        "meetings_held": (8, 10),
        "meeting_compliance": (round(8 / 12, 4), round(10 / 12, 4)),
        "thematic_meetings": (1, 2),
        "awards_individual": (0, 1),
        "awards_collective": (1, 0),
    }
    # And by the figures' own rule: the predecessors' sum, its own figures.
    assert {key: figures[key][0] for key in ADDED} == sum_of([commune_a, commune_b], before)
    own = area_figures(new, period=after).area
    assert {key: figures[key][1] for key in ADDED} == {key: own[key] for key in ADDED}
    html = re.sub(r"\s+", " ", response.text)
    assert "So sánh trước và sau sắp xếp (hiệu lực từ 01/07/2026)" in html
    assert "01/01/2026 – 30/06/2026" in html and "01/07/2026 – 31/12/2026" in html
    assert "1686/NQ-UBTVQH15 ngày 16/06/2026, Ủy ban Thường vụ Quốc hội" in html
    row = re.search(r'<tr data-key="party_members">(.*?)</tr>', html).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["6", "7", "+1"]
    row = re.search(r'<tr data-key="meeting_compliance">(.*?)</tr>', html).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["66,7%", "83,3%", "+16,7 điểm %"]


def test_a_full_year_after_the_merger_is_compared_with_the_year_before(merger, login):
    response = login(merger["staff"]).get(place_url("15002", date="2027-06-30"))

    comparison = response.context["comparison"]
    assert comparison.before == Period.between(D(2025, 7, 1), LAST_DAY)
    assert comparison.after == Period.between(MERGED_ON, D(2027, 6, 30))
    assert comparison.is_full_year
    figures = compared(response)
    assert figures["meetings_expected"] == (24, 24)  # twelve months, two cells, each side
    assert figures["meetings_held"] == (8, 10)


def test_today_the_comparison_runs_to_today(merger, login):
    today = timezone.localdate()

    response = login(merger["staff"]).get(place_url("15002"))

    comparison = response.context["comparison"]
    if today < D(2027, 6, 30):
        assert comparison.after == Period.between(MERGED_ON, today)
        # As many months and days before the merger as after it.
        months = today.month - MERGED_ON.month + 12 * (today.year - MERGED_ON.year)
        start = D(2026, 7 - months, 1) if months < 7 else D(2025, 19 - months, 1)
        assert comparison.before.start == start - datetime.timedelta(days=today.day)
        assert comparison.before.end == LAST_DAY
    else:
        assert comparison.is_full_year


def test_before_the_merger_took_effect_there_is_no_comparison(merger, login):
    response = login(merger["staff"]).get(place_url("15002", date="2026-06-30"))

    assert response.context["comparison"] is None
    assert "So sánh trước và sau" not in response.text
    # Its figures there are its predecessors' (the lineage), as the comparison's "before".
    assert response.context["summary"]["party_members"] == 6


def test_a_commune_never_reorganised_has_no_comparison(merger, login, officer_c):
    response = login(officer_c).get(place_url("15010", date="2026-12-31"))

    assert response.context["comparison"] is None


# --- who may see it ----------------------------------------------------------------


PAGES = {
    "closed commune": lambda m: place_url("15001"),
    "successor": lambda m: place_url("15002", date="2026-12-31"),
    "closed hamlet": lambda m: reverse("dashboard-hamlet", args=[m["hamlet_a"].pk]),
    "closed cell": lambda m: reverse("dashboard-cell", args=[m["cell_a"].pk]),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_successors_staff_and_officers_see_every_page(officer_a, merger, login, page):
    officer_a.refresh_from_db()  # re-registered in the successor by the merger
    assert officer_a.place == merger["new"]
    for user in (merger["staff"], officer_a):
        assert login(user).get(PAGES[page](merger)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_an_officer_of_another_commune_gets_404(merger, login, officer_c, page):
    assert login(officer_c).get(PAGES[page](merger)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_login(merger, client, page):
    response = client.get(PAGES[page](merger))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- the two sides -------------------------------------------------------------------


@pytest.mark.parametrize(
    "effective, date, before, after",
    [
        # A full year on each side, once the year after has run its course.
        ("2026-07-01", "2027-06-30", "2025-07-01..2026-06-30", "2026-07-01..2027-06-30"),
        ("2026-07-01", "2031-01-01", "2025-07-01..2026-06-30", "2026-07-01..2027-06-30"),
        # Before that, as many months and days on each side: whole months stay whole.
        ("2026-07-01", "2026-12-31", "2026-01-01..2026-06-30", "2026-07-01..2026-12-31"),
        ("2026-07-01", "2026-12-07", "2026-01-25..2026-06-30", "2026-07-01..2026-12-07"),
        ("2026-07-15", "2026-08-14", "2026-06-15..2026-07-14", "2026-07-15..2026-08-14"),
        ("2026-07-01", "2026-07-01", "2026-06-30..2026-06-30", "2026-07-01..2026-07-01"),
        # Month ends and leap days land on the shorter month's last day.
        ("2026-03-31", "2026-04-29", "2026-02-28..2026-03-30", "2026-03-31..2026-04-29"),
        ("2028-02-29", "2029-05-01", "2027-02-28..2028-02-28", "2028-02-29..2029-02-28"),
    ],
)
def test_the_sides_of_a_comparison(effective, date, before, after):
    from portal.dashboards.history import comparison_periods

    sides = comparison_periods(D.fromisoformat(effective), D.fromisoformat(date))

    assert [side.code for side in sides] == [before, after]
    assert all(side.kind == "days" for side in sides)


def test_a_range_of_days_ends_on_or_after_its_start():
    from core.periods import PeriodError

    assert Period.between(D(2026, 7, 1), D(2026, 7, 1)).code == "2026-07-01..2026-07-01"
    with pytest.raises(PeriodError, match="Ngày cuối không được trước ngày đầu"):
        Period.between(D(2026, 7, 2), D(2026, 7, 1))
    with pytest.raises(PeriodError):
        Period.parse("2026-07-01..2026-12-31")  # built by the portal, never typed


def test_the_banner_and_the_comparison_speak_english_with_the_switch(merger, login):
    from django.core.management import call_command

    # `make test` compiles them too; a bare pytest run must not depend on it.
    call_command("compilemessages", locale=["en"], ignore_patterns=[".venv"], verbosity=0)
    client = login(merger["staff"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    closed = banner(client.get(place_url("15001")))
    page = re.sub(r"\s+", " ", client.get(place_url("15002", date="2026-12-31")).text)

    assert "Township Sơn Lư ceased on 01/07/2026 (last day in force 30/06/2026)." in closed
    assert "Successor units:" in closed
    assert "Before and after the reorganisation (in force from 01/07/2026)" in page
    assert "+16,7 percentage points" in page


@pytest.fixture
def code_reused(province, commune_a):
    """commune_a (15001) moved on 01/07/2025 to a new row directly under the
    province that keeps its code, as many communes did in 2025."""
    plan = plan_reorganisation(
        user=ServerAccount(),
        kind=ReorganisationKind.MOVE,
        subject=ReorganisationSubject.COMMUNE,
        effective_on=datetime.date(2025, 7, 1),
        predecessors=[commune_a],
        successors=[NewPlace(name="Quan Sơn", kind="xa", parent=province, code=commune_a.code)],
    )
    apply_reorganisation(plan=plan)
    user = factories.UserFactory(username="thanhhoa", place=province, role=Role.STAFF)
    new = Place.objects.get(code=commune_a.code, valid_to=None)
    return user, commune_a, new


def test_a_code_on_a_date_opens_the_unit_that_held_it_that_day(client, code_reused):
    """A code reused by a new commune still names the old one on a date
    before the reform (the link from a district's table of 2023 does)."""
    user, old, new = code_reused
    client.force_login(user)

    today = client.get(f"/dashboard/{new.code}/")
    then = client.get(f"/dashboard/{new.code}/?date=2024-12-31")

    assert today.context["place"] == new
    assert then.context["place"] == old


def test_a_copied_hamlet_and_its_cell_show_their_past(client, district_staff, commune_a):
    """A hamlet turned into a tổ dân phố goes on in a new row; its page and
    its cell's page still list the meetings held before, under the old row."""
    from meetings.models import Meeting

    hamlet = factories.HamletFactory(name="Khu 1", parent=commune_a)
    cell = factories.CellFactory(hamlet=hamlet)
    Meeting.objects.create(cell=cell, kind="thuong_ky", date=datetime.date(2026, 5, 5))
    plan = plan_reorganisation(
        user=ServerAccount(),
        kind=ReorganisationKind.CHANGE_KIND,
        subject=ReorganisationSubject.HAMLET,
        effective_on=datetime.date(2026, 7, 1),
        predecessors=[hamlet],
        successors=[NewPlace(kind="to_dan_pho")],
    )
    apply_reorganisation(plan=plan)
    copy = hamlet.successors.get()
    client.force_login(district_staff)

    hamlet_page = client.get(reverse("dashboard-hamlet", args=[copy.pk]) + "?date=2026-06-30")
    cell_page = client.get(
        reverse("dashboard-cell", args=[copy.cells.get().pk]) + "?date=2026-06-30"
    )

    for page in (hamlet_page, cell_page):
        assert [m.date for m in page.context["meetings"]] == [datetime.date(2026, 5, 5)]
