"""What is held at district level (an agency cell of the district committee,
its member, a district cadre, the cadre's award) counts in the district's
figures on every surface, and in no commune's row."""

import datetime

import pytest

from awards.constants import FormCode
from awards.models import Award, CommendationForm, Decision, IssuingBody
from cells.constants import CellKind, PostTypeCode
from tests import factories
from tests.figure_surfaces import every_surface

D = datetime.date
PERIOD = "2023"


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def add_district_level(district):
    committee = factories.CommitteeFactory(place=district, name="Đảng bộ Huyện Quan Sơn")
    agency = factories.CellFactory(
        hamlet=None, committee=committee, kind=CellKind.AGENCY, name="Chi bộ Cơ quan Huyện ủy"
    )
    cadre = factories.PartyMemberFactory(person__place=district, person__full_name="Lò Văn Cán")
    factories.CellMembershipFactory(member=cadre, cell=agency)
    secretary = factories.CellPostFactory(
        post_type=factories.post_type(PostTypeCode.CELL_SECRETARY), cell=agency, place=district
    )
    factories.HoldingFactory(person=cadre.person, post=secretary)
    body = IssuingBody.objects.create(
        name="Ban Thường vụ Huyện ủy Quan Sơn", place=district, valid_from=D(1990, 1, 1)
    )
    decision = Decision.objects.create(
        number="1125-QĐ/HU",
        date=D(2023, 5, 5),
        body=body,
        form=CommendationForm.objects.get(code=FormCode.CERTIFICATE),
    )
    Award.objects.create(decision=decision, person=cadre.person)


def counted(figures):
    return (
        figures["cells"],
        figures["party_members"],
        figures["posts_filled"][PostTypeCode.CELL_SECRETARY],
        figures["awards_individual"],
        figures["awards_by_form"][FormCode.CERTIFICATE],
    )


def test_district_level_units_people_and_awards_count_on_every_surface(
    area, client, district_staff
):
    client.force_login(district_staff)
    before, rows_before = every_surface(client, district_staff, area, PERIOD)

    add_district_level(area)
    after, rows_after = every_surface(client, district_staff, area, PERIOD)

    for surface, figures in after.items():
        old = counted(before[surface])
        assert counted(figures) == tuple(n + 1 for n in old), surface
        assert figures == after["dashboard"], surface
    assert rows_after == rows_before
