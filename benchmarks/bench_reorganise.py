"""reorganise: the 2025 reform applied to a generated province — seconds and
queries of `plan_reorganisation` + `apply_reorganisation` (a REARRANGE of
communes, as the server's account), against a floor measured in the same
run: the same rows copied, closed and re-pointed by hand-written bulk SQL
(INSERT … SELECT, UPDATE … WHERE), on the same data, rolled back after
each. Targets: queries grow with the number of units at most, never with
members, holdings or meetings; seconds ≤ 3 × the floor.

Generated data (fixtures.synthetic): 166 communes × 30 hamlets × 45 members
× 3 years, a commune cadre following each cell, records kept until
31/12/2025 (the reform is applied after the fact, so meetings, awards and
admissions of the second half of 2025 sit in the old cells and move). The
reform's shape (fixtures.synthetic.reform): new communes of three old ones
each, every sixth old commune group's last commune divided between two new
ones, old districts and communes closed and linked as the official list
does. One line per size — a tenth of the communes, then all of them
(BENCH_SCALE=0.1 makes those 2 and 17) — and a line with the tenth's shape
at 15 members per cell and 1 year of records: the same queries.

On PostgreSQL each measured block ends with SET CONSTRAINTS ALL IMMEDIATE:
the foreign keys and the memberships' no-overlap check are deferred to
the commit, which a rolled-back run never reaches, and they are part of the
cost.
"""

import datetime
import os

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from awards.models import Award, IssuingBody
from benchmarks import benchmark, count_queries, timed
from cells.constants import EndReason, Level, MembershipEndReason
from cells.constants import ReorganisationKind as Kind
from cells.constants import ReorganisationSubject as Subject
from cells.models import (
    Cell,
    CellMembership,
    CellSuccession,
    Holding,
    PartyCommittee,
    Person,
    Place,
    Post,
    Succession,
)
from cells.official_units import LAST_LEGACY_DAY, REFORM_DAY
from cells.reorganisations import apply_reorganisation, plan_reorganisation
from core.commands import ServerAccount
from fixtures.synthetic.generator import Plan, generate
from fixtures.synthetic.reform import reform_2025_shape
from meetings.models import CadreAssignment, Meeting

COMMUNES = 166
MEMBERS, FEW_MEMBERS = 45, 15
YEARS, FEW_YEARS = 3, 1
UNTIL = datetime.date(2025, 12, 31)
# Alternated, the best of each kept: the two CPUs are shared with others.
REPEATS = 2
TARGET_RATIO = 3


def scale():
    return float(os.environ.get("BENCH_SCALE", "1"))


@benchmark("reorganise")
def reorganise():
    full = max(2, round(COMMUNES * scale()))
    tenth = max(2, round(full / 10))
    small = _measure("tenth", tenth, MEMBERS, YEARS)
    fewer = _measure("tenth", tenth, FEW_MEMBERS, FEW_YEARS)
    large = _measure("full", full, MEMBERS, YEARS)
    check = {
        "db": connection.vendor,
        "check": "queries_vs_members",
        "communes": tenth,
        "members_per_cell": f"{FEW_MEMBERS},{MEMBERS}",
        "years": f"{FEW_YEARS},{YEARS}",
        "members": f"{fewer['members']},{small['members']}",
        "meetings": f"{fewer['meetings']},{small['meetings']}",
        "queries": f"{fewer['queries']},{small['queries']}",
        "same_queries": fewer["queries"] == small["queries"],
    }
    return [small, large, check]


def _measure(size, communes, members, years):
    """One province generated, reformed REPEATS times by the service and by
    raw SQL (alternately, each rolled back), then itself rolled back."""
    with transaction.atomic():
        with timed() as generation:
            plan = Plan(
                communes=communes,
                members_per_cell=members,
                years=years,
                until=UNTIL,
                cadres=True,
                province_code="99",
            )
            province = generate(plan, log=lambda line: None)
            shape = reform_2025_shape(province)
            _analyze()
        figures = _sizes(province)
        services, floors = [], []
        for _attempt in range(REPEATS):
            # The floor first: on PostgreSQL a rolled-back run leaves dead
            # rows the next one reads past, so the order errs against the
            # service.
            floors.append(_rolled_back(_raw, shape))
            services.append(_rolled_back(_service, shape))
        transaction.set_rollback(True)
    (clock, queries, written), (raw_clock, raw_written) = min(services), min(floors)
    steadier = {}
    if connection.vendor == "sqlite":  # in-process: CPU time counts the database's work too
        cpu = min(run.clock.cpu_seconds for run in services)
        steadier["cpu_ratio"] = cpu / min(run.clock.cpu_seconds for run in floors)
    return {
        "db": connection.vendor,
        "size": size,
        "communes": communes,
        "new_communes": len(shape.successors),
        "divided": len(shape.divided),
        **figures,
        "members_per_cell": members,
        "generation_s": generation.seconds,
        "seconds": clock.seconds,
        "queries": queries,
        "raw_seconds": raw_clock.seconds,
        "ratio": clock.seconds / raw_clock.seconds,
        **steadier,
        "same_rows": written == raw_written,
        "target_ratio": TARGET_RATIO,
    }


def _analyze():
    """Statistics of the generated rows, as a database in use has them
    (autovacuum cannot see rows of a transaction not committed)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _sizes(province):
    under = {"path__startswith": province.path}
    return {
        "hamlets": Place.objects.filter(level=Level.HAMLET, **under).count(),
        "members": CellMembership.objects.filter(cell__path__startswith=province.path).count(),
        "holdings": Holding.objects.filter(post__place__path__startswith=province.path).count(),
        "meetings": Meeting.objects.filter(cell__path__startswith=province.path).count(),
    }


class Run:
    """A measured run, ordered by its seconds (for min())."""

    def __init__(self, clock, *figures):
        self.clock, self.figures = clock, figures

    def __lt__(self, other):
        return self.clock.seconds < other.clock.seconds

    def __iter__(self):
        return iter((self.clock, *self.figures))


def _rolled_back(function, *args):
    with transaction.atomic():
        result = function(*args)
        transaction.set_rollback(True)
    return result


def _check_deferred():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _service(shape):
    # Every run as a fresh worker's: content types looked up again and the
    # places read again, so the query counts of runs and sizes compare.
    ContentType.objects.clear_cache()
    shape = shape.fresh()
    with timed() as clock:
        with count_queries() as queries:
            plan = plan_reorganisation(
                user=ServerAccount(),
                kind=Kind.REARRANGE,
                subject=Subject.COMMUNE,
                effective_on=REFORM_DAY,
                predecessors=shape.predecessors,
                successors=shape.successors,
                targets=shape.targets,
                assignments=shape.assignments,
                decision_number="1686/NQ-UBTVQH15",
                decision_date=datetime.date(2025, 6, 16),
                decided_by="Ủy ban Thường vụ Quốc hội",
            )
            apply_reorganisation(plan=plan)
        _check_deferred()
    return Run(clock, queries.count, _written())


def _written():
    """What a reform wrote, counted, to show the floor wrote the same."""
    day = REFORM_DAY
    new_hamlets = Place.objects.filter(level=Level.HAMLET, valid_from=day)
    new_cells = Cell.objects.filter(founded_on=day)
    return {
        "hamlets": new_hamlets.count(),
        "closed_hamlets": Place.objects.filter(
            level=Level.HAMLET, valid_to=LAST_LEGACY_DAY
        ).count(),
        "cells": new_cells.count(),
        "closed_cells": Cell.objects.filter(dissolved_on=LAST_LEGACY_DAY).count(),
        "hamlet_links": Succession.objects.filter(predecessor__level=Level.HAMLET).count(),
        "commune_links": Succession.objects.filter(predecessor__level=Level.COMMUNE).count(),
        "cell_links": CellSuccession.objects.count(),
        "posts": Post.objects.filter(place__in=new_hamlets).count(),
        "holdings": Holding.objects.filter(start_date=day).count(),
        "holdings_ended": Holding.objects.filter(end_reason=EndReason.MERGED).count(),
        "memberships": CellMembership.objects.filter(start_date=day).count(),
        "memberships_moved": CellMembership.objects.filter(
            cell__in=new_cells, start_date__gt=day
        ).count(),
        "memberships_ended": CellMembership.objects.filter(
            end_reason=MembershipEndReason.MERGED
        ).count(),
        "cadres": CadreAssignment.objects.filter(cell__in=new_cells).count(),
        "cadres_ended": CadreAssignment.objects.filter(end_date=LAST_LEGACY_DAY).count(),
        "meetings": Meeting.objects.filter(cell__in=new_cells).count(),
        "awards": Award.objects.filter(recipient_place__in=new_hamlets).count(),
        "people": Person.objects.filter(place__in=new_hamlets).count(),
        "people_in_communes": Person.objects.filter(place__valid_from=day).count(),
        "committees": PartyCommittee.objects.filter(founded_on=day).count(),
        "committees_ended": PartyCommittee.objects.filter(dissolved_on=LAST_LEGACY_DAY).count(),
        "bodies_ended": IssuingBody.objects.filter(valid_to=LAST_LEGACY_DAY).count(),
    }


# --- the floor: the same rows by hand-written bulk SQL -------------------------


def _raw(shape):
    """Copy, close and re-point what the reform does, with offset ids (a
    copy's id is its original's plus the table's largest), so that no
    statement needs to look up which copy is whose. It leaves out what is
    per unit, not per row: the reorganisation's own row, its journal and
    audit entry, the new communes' lineage."""
    with timed() as clock, connection.cursor() as cursor:
        for sql, params in _raw_statements(cursor, shape):
            cursor.execute(sql, params)
        _check_deferred()
    return Run(clock, _written())


def _raw_statements(cursor, shape):
    day, last = REFORM_DAY, LAST_LEGACY_DAY
    postgresql = connection.vendor == "postgresql"
    cursor.execute(
        "SELECT (SELECT MAX(id) FROM cells_place), (SELECT MAX(id) FROM cells_cell), "
        "(SELECT MAX(id) FROM cells_post)"
    )
    places, cells, posts = cursor.fetchone()
    if postgresql:
        yield "SET CONSTRAINTS cell_membership_no_overlap DEFERRED", []
    yield "CREATE TEMP TABLE bench_commune (old_id bigint, new_id bigint, seat boolean)", []
    yield "CREATE TEMP TABLE bench_hamlet (old_id bigint PRIMARY KEY, commune_id bigint)", []
    yield "CREATE TEMP TABLE bench_cell (old_id bigint PRIMARY KEY)", []
    pairs = [
        (unit.pk, new.pk, index == 0)
        for unit, targets in shape.targets.items()
        for index, new in enumerate(targets)
    ]
    values = ", ".join(["(%s, %s, %s)"] * len(pairs))
    yield f"INSERT INTO bench_commune VALUES {values}", [v for pair in pairs for v in pair]
    yield (
        "INSERT INTO bench_hamlet SELECT h.id, c.new_id FROM cells_place h "
        "JOIN bench_commune c ON c.old_id = h.parent_id AND c.seat "
        "WHERE h.level = %s AND (h.valid_to IS NULL OR h.valid_to >= %s)",
        [Level.HAMLET, day],
    )
    moved = [value for hamlet, new in shape.assignments for value in (hamlet.pk, new.pk)]
    if moved:
        yield _assignments(len(moved) // 2, postgresql), moved
    existing = "(c.dissolved_on IS NULL OR c.dissolved_on >= %s)"
    yield (
        "INSERT INTO bench_cell SELECT c.id FROM cells_cell c "
        f"JOIN bench_hamlet b ON b.old_id = c.hamlet_id WHERE {existing}",
        [day],
    )
    if postgresql:
        yield "ANALYZE bench_commune", []
        yield "ANALYZE bench_hamlet", []
        yield "ANALYZE bench_cell", []
    hamlets, old_cells = "SELECT old_id FROM bench_hamlet", "SELECT old_id FROM bench_cell"
    communes = "SELECT old_id FROM bench_commune"

    # Links of the divided communes to their other successor.
    yield (
        "INSERT INTO cells_succession (predecessor_id, successor_id, reorganisation_id, "
        "takes_seat) SELECT old_id, new_id, NULL, seat FROM bench_commune WHERE NOT seat",
        [],
    )
    # Hamlets: copied under their new commune, linked, closed.
    lineage = (
        "jsonb_build_object('prefix', jsonb_build_array(h.path), 'exact', '[]'::jsonb)"
        if postgresql
        else "json_object('prefix', json_array(h.path), 'exact', json_array())"
    )
    yield (
        "INSERT INTO cells_place (id, name, kind, level, code, parent_id, valid_from, valid_to, "
        "path, lineage, search_name, sort_key) "
        "SELECT h.id + %s, h.name, h.kind, h.level, h.code, b.commune_id, %s, NULL, "
        f"c.path || CAST(h.id + %s AS TEXT) || '/', {lineage}, h.search_name, h.sort_key "
        "FROM cells_place h JOIN bench_hamlet b ON b.old_id = h.id "
        "JOIN cells_place c ON c.id = b.commune_id",
        [places, day, places],
    )
    yield (
        "INSERT INTO cells_succession (predecessor_id, successor_id, reorganisation_id, "
        "takes_seat) SELECT old_id, old_id + %s, NULL, %s FROM bench_hamlet",
        [places, True],
    )
    yield f"UPDATE cells_place SET valid_to = %s WHERE id IN ({hamlets})", [last]
    # Committees of the new communes; cells copied under them, linked, closed.
    yield (
        "INSERT INTO cells_partycommittee (name, place_id, founded_on, dissolved_on) "
        "SELECT 'Đảng bộ Xã ' || p.name, p.id, %s, NULL FROM cells_place p "
        "WHERE p.id IN (SELECT new_id FROM bench_commune)",
        [day],
    )
    yield (
        "INSERT INTO cells_cell (id, name, kind, committee_id, hamlet_id, founded_on, "
        "dissolved_on, path, search_name, sort_key) "
        "SELECT c.id + %s, c.name, c.kind, k.id, c.hamlet_id + %s, %s, NULL, h.path, "
        "c.search_name, c.sort_key FROM cells_cell c "
        "JOIN bench_cell o ON o.old_id = c.id "
        "JOIN cells_place h ON h.id = c.hamlet_id + %s "
        "JOIN cells_partycommittee k ON k.place_id = h.parent_id AND k.founded_on = %s",
        [cells, places, day, places, day],
    )
    yield (
        "INSERT INTO cells_cellsuccession (predecessor_id, successor_id, reorganisation_id) "
        "SELECT old_id, old_id + %s, NULL FROM bench_cell",
        [cells],
    )
    yield f"UPDATE cells_cell SET dissolved_on = %s WHERE id IN ({old_cells})", [last]
    # Posts copied; holdings running on the day start again in the copies.
    yield (
        "INSERT INTO cells_post (id, post_type_id, place_id, cell_id) "
        "SELECT p.id + %s, p.post_type_id, p.place_id + %s, "
        "CASE WHEN p.cell_id IS NULL THEN NULL ELSE p.cell_id + %s END "
        f"FROM cells_post p WHERE p.place_id IN ({hamlets})",
        [posts, places, cells],
    )
    old_posts = f"SELECT id FROM cells_post WHERE place_id IN ({hamlets})"
    running = "start_date < %s AND (end_date IS NULL OR end_date >= %s)"
    yield (
        "INSERT INTO cells_holding (person_id, post_id, term_id, start_date, end_date, "
        "end_reason, decision_number, decision_date, exclusive) "
        "SELECT person_id, post_id + %s, term_id, %s, end_date, end_reason, decision_number, "
        f"decision_date, exclusive FROM cells_holding WHERE post_id IN ({old_posts}) "
        f"AND {running}",
        [posts, day, day, day],
    )
    yield (
        "UPDATE cells_holding SET end_date = %s, end_reason = %s "
        f"WHERE post_id IN ({old_posts}) AND {running}",
        [last, EndReason.MERGED, day, day],
    )
    yield (
        "UPDATE cells_holding SET post_id = post_id + %s "
        f"WHERE post_id IN ({old_posts}) AND start_date >= %s",
        [posts, day],
    )
    # Memberships and cadre assignments: the same in the copied cells.
    yield (
        "INSERT INTO cells_cellmembership (member_id, cell_id, start_date, end_date, "
        "end_reason) SELECT member_id, cell_id + %s, %s, end_date, end_reason "
        f"FROM cells_cellmembership WHERE cell_id IN ({old_cells}) AND {running}",
        [cells, day, day, day],
    )
    yield (
        "UPDATE cells_cellmembership SET end_date = %s, end_reason = %s "
        f"WHERE cell_id IN ({old_cells}) AND {running}",
        [last, MembershipEndReason.MERGED, day, day],
    )
    yield (
        "INSERT INTO meetings_cadreassignment (person_id, cell_id, position, start_date, "
        "end_date) SELECT person_id, cell_id + %s, position, %s, end_date "
        f"FROM meetings_cadreassignment WHERE cell_id IN ({old_cells}) AND {running}",
        [cells, day, day, day],
    )
    yield (
        "UPDATE meetings_cadreassignment SET end_date = %s "
        f"WHERE cell_id IN ({old_cells}) AND {running}",
        [last, day, day],
    )
    # Recorded on or after the day: moved to the copies.
    for table in ("cells_cellmembership", "meetings_cadreassignment"):
        yield (
            f"UPDATE {table} SET cell_id = cell_id + %s "
            f"WHERE cell_id IN ({old_cells}) AND start_date >= %s",
            [cells, day],
        )
    yield (
        "UPDATE meetings_meeting SET cell_id = cell_id + %s "
        f"WHERE cell_id IN ({old_cells}) AND date >= %s",
        [cells, day],
    )
    decided = "decision_id IN (SELECT id FROM awards_decision WHERE date >= %s)"
    yield (
        f"UPDATE awards_award SET cell_id = cell_id + %s WHERE cell_id IN ({old_cells}) "
        f"AND {decided}",
        [cells, day],
    )
    seat_of = "(SELECT new_id FROM bench_commune s WHERE s.old_id = {column} AND s.seat)"
    for column in ("recipient_place_id", "collective_place_id"):
        yield (
            f"UPDATE awards_award SET {column} = {column} + %s WHERE {column} IN ({hamlets}) "
            f"AND {decided}",
            [places, day],
        )
        yield (
            f"UPDATE awards_award SET {column} = {seat_of.format(column=column)} "
            f"WHERE {column} IN ({communes}) AND {decided}",
            [day],
        )
    # People registered where their hamlet went, a commune's own at its seat;
    # accounts of a commune that is not divided at its successor.
    yield (
        f"UPDATE cells_person SET place_id = place_id + %s WHERE place_id IN ({hamlets})",
        [places],
    )
    yield (
        f"UPDATE cells_person SET place_id = {seat_of.format(column='place_id')} "
        f"WHERE place_id IN ({communes})",
        [],
    )
    users = get_user_model()._meta.db_table
    yield (
        f"UPDATE {users} SET place_id = {seat_of.format(column='place_id')} "
        f"WHERE place_id IN ({communes} WHERE old_id NOT IN "
        "(SELECT old_id FROM bench_commune WHERE NOT seat))",
        [],
    )
    # The old communes' and districts' committees and issuing bodies end.
    closed = (
        f"SELECT old_id FROM bench_commune UNION SELECT id FROM cells_place WHERE valid_to = %s "
        f"AND id IN (SELECT parent_id FROM cells_place WHERE id IN ({communes}))"
    )
    yield (
        f"UPDATE cells_partycommittee SET dissolved_on = %s WHERE place_id IN ({closed}) "
        "AND (dissolved_on IS NULL OR dissolved_on >= %s)",
        [last, last, day],
    )
    yield (
        f"UPDATE awards_issuingbody SET valid_to = %s WHERE place_id IN ({closed}) "
        "AND (valid_to IS NULL OR valid_to >= %s)",
        [last, last, day],
    )
    if postgresql:  # the copies took ids past the sequences
        for table in ("cells_place", "cells_cell", "cells_post"):
            yield (
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))",
                [],
            )
    for table in ("bench_commune", "bench_hamlet", "bench_cell"):
        yield f"DROP TABLE {table}", []


def _assignments(count, postgresql):
    """The hamlets of the divided communes go where they are assigned."""
    values = ", ".join(["(%s, %s)"] * count)
    if postgresql:
        given = f"(VALUES {values}) AS m(old, new)"
    else:
        given = f"(SELECT column1 AS old, column2 AS new FROM (VALUES {values})) AS m"
    return (
        f"UPDATE bench_hamlet SET commune_id = m.new FROM {given} WHERE m.old = bench_hamlet.old_id"
    )
