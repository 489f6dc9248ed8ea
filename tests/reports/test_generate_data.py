"""manage.py generate_data: synthetic data the dashboards and reports read."""

import io

from django.core.management import call_command

from cells.models import Cell, CellMembership, Holding, Place
from core.periods import Period
from portal.summary import area_figures


def test_generates_a_small_province(db):
    call_command(
        "generate_data",
        communes=3,
        hamlets_per_commune=2,
        members_per_cell=4,
        years=1,
        stdout=io.StringIO(),
    )

    province = Place.objects.get(code="99", level=1)
    assert Place.objects.within(province).communes().count() == 3
    assert Place.objects.within(province).hamlets().count() == 6
    assert Cell.objects.within(province).count() == 6
    assert CellMembership.objects.within(province).count() == 24
    assert Holding.objects.within(province).exists()
    summary = area_figures(province, period=Period.parse("2025-H1")).area
    assert summary["communes"] == 3 and summary["cells"] == 6
    assert 20 <= summary["party_members"] <= 24
    assert 0 < summary["meetings_held"] <= summary["meetings_expected"] == 36
    assert summary["awards_individual"] + summary["awards_collective"] > 0
    # the tree is walkable like one entered by hand
    commune = Place.objects.within(province).communes().first()
    assert commune.path == f"{commune.parent.path}{commune.pk}/"
