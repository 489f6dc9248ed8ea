"""What a rearrangement of communes costs in queries (the 2025 reform's
shape, with a divided commune): the same whatever the members, holdings
and meetings, as the `reorganise` benchmark shows at a province's size."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from cells.constants import ReorganisationKind as Kind
from cells.constants import ReorganisationSubject as Subject
from cells.models import CellMembership, Holding
from cells.official_units import REFORM_DAY
from cells.reorganisations import apply_reorganisation, plan_reorganisation
from core.commands import ServerAccount
from fixtures.synthetic.generator import Plan, generate
from fixtures.synthetic.reform import reform_2025_shape
from meetings.models import CadreAssignment, Meeting

# Five old communes of two hamlets, two by two into three new ones; the
# fourth is divided between the second and the third.
COMMUNES, HAMLETS = 5, 2


def reformed_province(members, years):
    """A generated province with records until the end of 2025 (so some
    sit in the old cells after the reform's date and move) and its reform."""
    province = generate(
        Plan(
            communes=COMMUNES,
            hamlets_per_commune=HAMLETS,
            members_per_cell=members,
            years=years,
            until=datetime.date(2025, 12, 31),
            cadres=True,
        ),
        log=lambda line: None,
    )
    return reform_2025_shape(province, merged=2, divided_every=2)


def rearrange(shape):
    plan = plan_reorganisation(
        user=ServerAccount(),
        kind=Kind.REARRANGE,
        subject=Subject.COMMUNE,
        effective_on=REFORM_DAY,
        predecessors=shape.predecessors,
        successors=shape.successors,
        targets=shape.targets,
        assignments=shape.assignments,
    )
    return apply_reorganisation(plan=plan)


@pytest.mark.parametrize(("members", "years"), [(2, 1), (12, 3)])
def test_a_rearrangement_with_a_divided_commune_costs_the_same_queries_whatever_the_records(
    db, members, years, django_assert_num_queries
):
    shape = reformed_province(members, years)
    assert len(shape.divided) == 1 and len(shape.assignments) == HAMLETS
    meetings_after = Meeting.objects.filter(date__gte=REFORM_DAY).count()
    ContentType.objects.get_for_models(*apps.get_app_config("cells").get_models())

    # Pinned at both sizes: 6 or 36 memberships a commune, 1 or 3 years of meetings.
    with django_assert_num_queries(on_this_database(QUERIES_OF_A_REARRANGEMENT)):
        rearrange(shape)

    cells = COMMUNES * HAMLETS
    started = CellMembership.objects.filter(start_date=REFORM_DAY)
    assert started.count() == CellMembership.objects.filter(end_date=REFORM_DAY - ONE_DAY).count()
    assert started.count() >= cells * members * 0.9  # a few left the party before
    assert Holding.objects.filter(start_date=REFORM_DAY).count() >= cells
    assert CadreAssignment.objects.filter(start_date=REFORM_DAY).count() == cells
    assert Meeting.objects.filter(cell__founded_on=REFORM_DAY).count() == meetings_after > 0


ONE_DAY = datetime.timedelta(days=1)
QUERIES_OF_A_REARRANGEMENT = 89


def on_this_database(queries):
    """PostgreSQL defers the memberships' no-overlap check to the end of the
    transaction: one SET CONSTRAINTS more."""
    return queries + (connection.vendor == "postgresql")
