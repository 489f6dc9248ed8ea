"""A member's and a cell's ratings and designations across the years, as the
portal shows them (the cell and hamlet pages, the member's admin page).

A rating belongs to its subject: a member's ratings are theirs whatever
cell rated them, so a member who moved keeps every year. A cell's past is
its own and that of the cells it continues through reorganisations
(ratings.lineage), so a cell copied by the 2025 reform, or one that took in
a merged hamlet's cell, lists the years before. Each function costs a fixed
number of queries, whatever the years, cells and members.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from .constants import RatingLevel, Subject
from .designations import check_cells
from .lineage import predecessors_of_cells
from .models import Designation, DesignationGrant, Rating


def member_ratings(ratings=None):
    """Members' ratings (of `ratings`, all by default), latest round first,
    with the round, the cell that rated them and the review's status loaded."""
    ratings = Rating.objects.all() if ratings is None else ratings
    return (
        ratings.filter(subject=Subject.MEMBER)
        .select_related("round", "cell", "review")
        .order_by("-round__end_date", "-round__start_date", "pk")
    )


def member_history(member):
    """The member's ratings (`member_ratings`). One query.

    Read through the member, not the read rule of ratings: whoever may see
    the member sees their record's years, including those rated by a cell
    of a commune they left (the record goes with the member on a transfer)."""
    return list(member_ratings().filter(member=member))


@dataclass
class CellYear:
    """A cell's row of a round: its own rating (None when not entered) and
    how many of its members were rated at each level."""

    round_name: str
    start_date: object
    end_date: object
    cell_name: str
    rating: object = None
    members: dict = field(default_factory=dict)  # level: count

    @property
    def year(self):
        return self.end_date.year

    @property
    def members_rated(self):
        return sum(self.members.values())

    @property
    def member_counts(self):
        """[(level label, count)], best level first, for the templates."""
        return [(label, self.members.get(level, 0)) for level, label in RatingLevel.choices]


def chain_of(cell):
    """Ids of `cell` and every cell it continues. One query."""
    return predecessors_of_cells([cell]).get(cell.pk, {cell.pk})


def cell_history(cells):
    """[CellYear] of `cells` (ids: a cell's chain; or a Cell queryset: a
    hamlet's cells and those of its past), latest round first: the cells'
    own ratings and their members' counts by level. Two queries."""
    rows = {}
    own = Rating.objects.filter(subject=Subject.CELL, cell__in=cells).select_related(
        "round", "cell", "review"
    )
    for rating in own:
        round_ = rating.round
        rows[(rating.round_id, rating.cell_id)] = CellYear(
            round_.name, round_.start_date, round_.end_date, rating.cell.name, rating=rating
        )
    # The names come with the counts: a round where the members were rated
    # and the cell not yet still has its row, with no query of its own.
    counts = (
        Rating.objects.filter(subject=Subject.MEMBER, cell__in=cells)
        .values(
            "round_id",
            "cell_id",
            "level",
            "round__name",
            "round__start_date",
            "round__end_date",
            "cell__name",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        key = (row["round_id"], row["cell_id"])
        if key not in rows:
            rows[key] = CellYear(
                row["round__name"],
                row["round__start_date"],
                row["round__end_date"],
                row["cell__name"],
            )
        rows[key].members[row["level"]] = row["n"]
    return sorted(
        rows.values(), key=lambda row: (row.end_date, row.start_date, row.cell_name), reverse=True
    )


@dataclass
class DesignationYear:
    """One designation of a cell in one year: the committee's decision (a
    DesignationGrant, or None while there is none) and the computed checks
    the designation names, beside it."""

    designation: object
    year: int
    grant: object
    checks: list  # [designations.CheckResult]


def cell_designations(cell, place, chain, *, today=None, years=None):
    """[DesignationYear] of `cell` (standing at `place`, continuing the
    cells of `chain`): every decision recorded for it or its predecessors,
    and, for the designations its place uses, the last full year and the
    current one even without a decision yet, so staff see the checks before
    they decide. Six queries."""
    today = today or timezone.localdate()
    years = years or {today.year - 1, today.year}
    grants = list(
        DesignationGrant.objects.filter(cell__in=chain).select_related("designation", "cell")
    )
    usable = [d for d in Designation.objects.within(place) if d.checks]
    wanted = {(grant.designation, grant.year): grant for grant in grants}
    # Years without a decision only while the cell stood: a cell dissolved
    # in 2023 has no 2026 to decide on.
    last_year = cell.dissolved_on.year if cell.dissolved_on else today.year
    for designation in usable:
        for year in sorted(years):
            if year <= last_year:
                wanted.setdefault((designation, year), None)
    pairs = {(cell.pk, year) for _designation, year in wanted}
    results = check_cells(pairs, today=today, chains={cell.pk: chain})
    rows = [
        DesignationYear(
            designation,
            year,
            grant,
            # A code no longer among the checks (written outside the
            # admin's choices) is left out rather than failing the page.
            [found for code in designation.checks if (found := results[(cell.pk, year)].get(code))],
        )
        for (designation, year), grant in wanted.items()
    ]
    return sorted(rows, key=lambda row: (-row.year, row.designation.order, row.designation.name))
