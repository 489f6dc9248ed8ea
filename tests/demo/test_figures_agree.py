"""On the demo data, every surface gives the same figures for a commune, a
district and the province, whatever the kind of period: the dashboard, the
periodic report, the `area_summary` command and the API summary."""

import pytest

from cells.constants import Role
from cells.models import Place
from tests import factories
from tests.figure_surfaces import every_surface

pytestmark = pytest.mark.django_db

PLACES = ["15016", "387", "38"]  # Thị trấn Sơn Lư, Huyện Quan Sơn, Tỉnh Thanh Hóa
PERIODS = ["2022-05", "2022-Q2", "2022-H1", "2022"]  # decision 1125-QĐ/HU: 05/05/2022


@pytest.fixture
def province_staff(demo_data):
    province = Place.objects.official_unit("38")
    return factories.UserFactory(username="tinh-uy", place=province, role=Role.STAFF)


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("code", PLACES)
def test_every_surface_gives_the_same_figures(client, province_staff, code, period):
    client.force_login(province_staff)
    place = Place.objects.official_unit(code)

    figures, rows = every_surface(client, province_staff, place, period)

    assert figures["dashboard"]["place_code"] == code
    assert figures["dashboard"]["period"] == period
    for surface, given in figures.items():
        assert given == figures["dashboard"], surface
    for surface, given in rows.items():
        assert given == rows["dashboard"], surface


def test_quan_son_counts_the_16_district_cadres_of_decision_1125_on_its_dashboard(
    client, province_staff
):
    client.force_login(province_staff)
    quan_son = Place.objects.official_unit("387")

    figures, _rows = every_surface(client, province_staff, quan_son, "2022")

    shown = figures["dashboard"]
    assert (shown["awards_individual"], shown["awards_by_form"]["giay_khen"]) == (28, 40)
