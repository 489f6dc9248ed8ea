"""Report rows only for periods in the years the portal keeps figures for
(1930, the party's founding, to next year): every way a row is made refuses
0001 or 9999 with a Vietnamese message and creates nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.periods import FIRST_YEAR, Period, PeriodError
from portal.models import Report
from portal.reports import services

RANGE_MESSAGE = f"Chỉ nhận các năm từ {FIRST_YEAR}"


@pytest.mark.parametrize("period", ["0001", "0001-Q1", "9999-H2", "1929-12"])
def test_staff_cannot_ask_for_a_report_of_a_year_outside_the_range(
    area, login, district_staff, period
):
    response = login(district_staff).post(
        reverse("report-rebuild", args=["15001"]), {"period": period}, follow=True
    )
    assert RANGE_MESSAGE in response.content.decode()
    assert not Report.objects.exists()


def test_the_build_report_command_refuses_year_0001(area):
    with pytest.raises(CommandError, match=RANGE_MESSAGE):
        call_command("build_report", place="15001", period="0001")
    assert not Report.objects.exists()


def test_the_service_refuses_a_period_built_without_parsing(area, commune_a):
    with pytest.raises(PeriodError, match=RANGE_MESSAGE):
        services.report_for(place=commune_a, period=Period.from_code("0001"))
    assert not Report.objects.exists()
