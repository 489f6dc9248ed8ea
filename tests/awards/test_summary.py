"""Award tallies of the area summary."""

import datetime

from awards.constants import FormCode
from awards.models import Award, Decision
from awards.summary import AwardSection
from core.periods import Period
from tests.awards.conftest import form


def test_it_counts_individual_and_collective_awards_by_form_over_a_range_of_years(
    decision, district_body, secretary_a, secretary_b, cell_a, district, commune_a
):
    Award.objects.create(decision=decision, person=secretary_a)
    Award.objects.create(decision=decision, person=secretary_b)
    Award.objects.create(decision=decision, cell=cell_a)
    later = Decision.objects.create(
        number="9-QĐ/HU",
        date=datetime.date(2024, 1, 9),
        body=district_body,
        form=form(FormCode.DIPLOMA),
    )
    Award.objects.create(decision=later, person=secretary_a)

    figures = AwardSection().area(district, None, Period.parse("2021..2023"))
    assert figures["awards_individual"] == 2
    assert figures["awards_collective"] == 1
    assert figures["awards_by_form"] == {
        "giay_khen": 3,
        "bang_khen": 0,
        "co_thi_dua": 0,
        "huy_hieu_dang": 0,
    }
    commune = AwardSection().area(commune_a, datetime.date(2022, 12, 31), None)
    assert (commune["awards_individual"], commune["awards_collective"]) == (1, 1)
    assert (
        AwardSection().area(district, datetime.date(2024, 6, 1), None)["awards_by_form"][
            "bang_khen"
        ]
        == 1
    )


def test_figures_by_commune_split_the_area_figures(
    decision, secretary_a, secretary_b, cell_a, district, commune_a, commune_b
):

    Award.objects.create(decision=decision, person=secretary_a)
    Award.objects.create(decision=decision, person=secretary_b)
    Award.objects.create(decision=decision, cell=cell_a)
    rows = AwardSection().by_commune(district, None, Period.parse("2022"))
    assert rows[commune_a.pk]["awards_individual"] == 1
    assert rows[commune_a.pk]["awards_collective"] == 1
    assert rows[commune_b.pk]["awards_by_form"]["giay_khen"] == 1
