"""How the records of reorganised units come through, set-based: one
statement per kind of record whatever their number, through the
reorganisation's own links (its Succession and CellSuccession rows pair
each old unit with the unit its records go to).

Dated records (memberships, holdings, cadre assignments) running on the
effective date end the day before and start again in the new unit that
day, every other column copied; those starting on or after it, and the
meetings and awards dated on or after it, are moved to the new unit; the
people registered in a hamlet are registered where it went.
"""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..constants import EndReason, Level, MembershipEndReason
from ..models import (
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
from .journal import column, given_rows, listed, table


def cell_pairs(reorganisation):
    """SQL (old, new) of the cells the reorganisation links, and its params."""
    links = table(CellSuccession)
    return (
        f"SELECT predecessor_id AS old, successor_id AS new FROM {links} "
        "WHERE reorganisation_id = %s",
        [reorganisation.pk],
    )


def place_pairs(reorganisation, level, seat_only=False, single_only=False):
    """SQL (old, new) of the places of `level` the reorganisation links: all,
    only the links that take the seat, or only predecessors with one
    successor (where an account can follow without a choice)."""
    links, places = table(Succession), table(Place)
    sql = (
        f"SELECT s.predecessor_id AS old, s.successor_id AS new FROM {links} s "
        f"JOIN {places} p ON p.id = s.predecessor_id "
        "WHERE s.reorganisation_id = %s AND p.level = %s"
    )
    params = [reorganisation.pk, level]
    if seat_only:
        sql += " AND s.takes_seat = %s"
        params.append(True)
    if single_only:
        sql += (
            f" AND s.predecessor_id NOT IN (SELECT predecessor_id FROM {links} "
            "WHERE reorganisation_id = %s GROUP BY predecessor_id HAVING COUNT(*) > 1)"
        )
        params.append(reorganisation.pk)
    return sql, params


def post_pairs(reorganisation):
    """SQL (old, new) of the posts of linked cells and hamlets and their
    copies' posts of the same title."""
    cells, cell_params = cell_pairs(reorganisation)
    hamlets, hamlet_params = place_pairs(reorganisation, Level.HAMLET)
    posts = table(Post)
    sql = (
        f"SELECT op.id AS old, np.id AS new FROM {posts} op "
        f"JOIN ({cells}) cp ON cp.old = op.cell_id "
        f"JOIN {posts} np ON np.cell_id = cp.new AND np.post_type_id = op.post_type_id "
        "UNION ALL "
        f"SELECT op.id AS old, np.id AS new FROM {posts} op "
        f"JOIN ({hamlets}) hp ON hp.old = op.place_id "
        f"JOIN {posts} np ON np.place_id = hp.new AND np.post_type_id = op.post_type_id "
        "WHERE op.cell_id IS NULL AND np.cell_id IS NULL"
    )
    return sql, [*cell_params, *hamlet_params]


def copy_posts(writer):
    """Every post of a linked cell or hamlet, again in its copy."""
    reorganisation = writer.reorganisation
    cells, cell_params = cell_pairs(reorganisation)
    hamlets, hamlet_params = place_pairs(reorganisation, Level.HAMLET)
    posts, new_cells, committees = table(Post), table(Cell), table(PartyCommittee)
    columns = ["post_type", "place", "cell"]
    writer.insert(
        Post,
        columns,
        f"SELECT op.post_type_id, COALESCE(nc.hamlet_id, nm.place_id), nc.id FROM {posts} op "
        f"JOIN ({cells}) cp ON cp.old = op.cell_id "
        f"JOIN {new_cells} nc ON nc.id = cp.new "
        f"JOIN {committees} nm ON nm.id = nc.committee_id",
        cell_params,
    )
    writer.insert(
        Post,
        columns,
        f"SELECT op.post_type_id, hp.new, NULL FROM {posts} op "
        f"JOIN ({hamlets}) hp ON hp.old = op.place_id WHERE op.cell_id IS NULL",
        hamlet_params,
    )


def copy_hamlets(writer, plan, hamlets):
    """Copies of `hamlets` ((pk, the copy's pk, pk of the place it goes to,
    path, lineage) of each original) from the effective date, every other
    column as it is, each with its original as its past (lineage), linked
    to it; the originals close the day before.

    One INSERT ... SELECT with the copies' ids given (journal.new_ids), so
    each copy's path (its parent's and its own id) is written with it and
    the links need no lookup: a province's 5,000 hamlets as model instances
    took longer than copying all their members."""
    if not hamlets:
        return
    rows = [
        (pk, new, parent, json.dumps(copied_lineage(path, lineage)))
        for pk, new, parent, path, lineage in hamlets
    ]
    names = ("old", "new", "parent", "lineage")
    given, params = given_rows(names, rows, ("bigint", "bigint", "bigint", "text"))
    lineage = (
        "CAST(given.lineage AS jsonb)" if connection.vendor == "postgresql" else "given.lineage"
    )
    places = table(Place)
    date = plan.effective_on
    writer.insert(
        Place,
        ["id", "name", "kind", "level", "code", "parent", "valid_from", "valid_to", "path"]
        + ["lineage", "search_name", "sort_key"],
        "SELECT given.new, h.name, h.kind, h.level, h.code, given.parent, %s, "
        "CASE WHEN h.valid_to >= %s THEN h.valid_to END, "
        f"p.path || CAST(given.new AS TEXT) || '/', {lineage}, h.search_name, h.sort_key "
        f"FROM {places} h JOIN ({given}) given ON given.old = h.id "
        f"JOIN {places} p ON p.id = given.parent",
        [date, date, *params],
    )
    old = [row[0] for row in rows]
    writer.update(Place.objects.filter(pk__in=listed(old)), valid_to=plan.last_day)
    writer.link(Succession, [(row[0], row[1]) for row in rows], takes_seat=True)


def copied_lineage(path, lineage):
    """The lineage of the copy of the place at `path`: that place, and what
    was its past."""
    lineage = lineage or {}
    return {
        "prefix": sorted([path, *lineage.get("prefix", [])]),
        "exact": lineage.get("exact", []),
    }


def copy_cells(writer, plan, cells):
    """Copies of `cells` ((pk, the copy's pk, committee pk, hamlet pk or
    None) of each original and where its copy stands) founded on the
    effective date, every other column as it is; the originals are
    dissolved the day before and linked to them. One INSERT ... SELECT, as
    copy_hamlets."""
    if not cells:
        return
    names = ("old", "new", "committee", "hamlet")
    given, params = given_rows(names, cells, ("bigint",) * 4)
    places, date = table(Place), plan.effective_on
    writer.insert(
        Cell,
        ["id", "name", "kind", "committee", "hamlet", "founded_on", "dissolved_on", "path"]
        + ["search_name", "sort_key"],
        "SELECT given.new, c.name, c.kind, given.committee, given.hamlet, %s, "
        "CASE WHEN c.dissolved_on >= %s THEN c.dissolved_on END, COALESCE(h.path, kp.path), "
        f"c.search_name, c.sort_key FROM {table(Cell)} c JOIN ({given}) given ON given.old = c.id "
        f"JOIN {table(PartyCommittee)} k ON k.id = given.committee "
        f"JOIN {places} kp ON kp.id = k.place_id LEFT JOIN {places} h ON h.id = given.hamlet",
        [date, date, *params],
    )
    old = [cell[0] for cell in cells]
    writer.update(Cell.objects.filter(pk__in=listed(old)), dissolved_on=plan.last_day)
    writer.link(CellSuccession, [(cell[0], cell[1]) for cell in cells])


def carry_on(writer, model, field, pairs, params, plan, unless=("", ())):
    """Rows of `model` (dated from `start_date` to `end_date`) whose `field`
    points at an old unit of `pairs`: those running on the effective date
    end the day before (reason "sáp nhập" where the model keeps a reason)
    and start again that day in the new unit, every other column copied,
    but those `unless` (SQL on the row `r`, and its params) names, which
    only end; those starting later are moved. Returns how many started
    again."""
    date = plan.effective_on
    names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    select = ", ".join(_source_value(model, name, field) for name in names)
    running = "r.start_date < %s AND (r.end_date IS NULL OR r.end_date >= %s)"
    stopping, stopping_params = unless
    if stopping:
        running += f" AND NOT ({stopping})"
    started = writer.insert(
        model,
        names,
        f"SELECT {select} FROM {table(model)} r JOIN ({pairs}) pairs "
        f"ON pairs.old = r.{column(model, field)} WHERE {running}",
        [date, *params, date, date, *stopping_params],
    )
    old_units = f"SELECT old FROM ({pairs}) pairs"
    closing = model.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date),
        start_date__lt=date,
        **{f"{field}__in": RawSQL(old_units, params)},
    )
    values = {"end_date": plan.last_day}
    if model in MERGED_REASON:
        values["end_reason"] = MERGED_REASON[model]
    writer.update(closing, **values)
    writer.repoint(model, field, pairs, params, "start_date >= %s", [date])
    return started


def _source_value(model, name, field):
    if name == field:
        return "pairs.new"
    if name == "start_date":
        return "%s"
    return f"r.{column(model, name)}"


# The reason a running record ends for, where its model keeps one.
MERGED_REASON = {CellMembership: MembershipEndReason.MERGED, Holding: EndReason.MERGED}


def move_dated(writer, plan):
    """Meetings, and awards decided on or after the effective date, of a
    linked cell move to the cell it is linked to."""
    pairs, params = cell_pairs(writer.reorganisation)
    Meeting = apps.get_model("meetings", "Meeting")
    writer.repoint(Meeting, "cell", pairs, params, "date >= %s", [plan.effective_on])
    writer.repoint(_award(), "cell", pairs, params, *_decided_from(plan.effective_on))


def move_awards(writer, plan, level):
    """Awards decided on or after the effective date to a linked place of
    `level` (the person's unit, or the collective) go to its seat."""
    pairs, params = place_pairs(writer.reorganisation, level, seat_only=True)
    for field in ("recipient_place", "collective_place"):
        writer.repoint(_award(), field, pairs, params, *_decided_from(plan.effective_on))


def _award():
    return apps.get_model("awards", "Award")


def _decided_from(date):
    decisions = table(_award()._meta.get_field("decision").related_model)
    return f"decision_id IN (SELECT id FROM {decisions} WHERE date >= %s)", [date]


def register_people(writer, level):
    """People (and accounts) registered in a linked place of `level` are
    registered where it went: a hamlet's in its copy or the hamlet it merged
    into, a commune's own cadres at its seat. Accounts follow only a place
    with one successor; staff place the others (plan.ambiguous_accounts)."""
    reorganisation = writer.reorganisation
    seat, params = place_pairs(reorganisation, level, seat_only=True)
    writer.repoint(Person, "place", seat, params)
    single, params = place_pairs(reorganisation, level, single_only=True)
    writer.repoint(get_user_model(), "place", single, params)


def continue_cell_records(writer, plan, memberships=True, closed_bodies=()):
    """Memberships (unless a split places them person by person) and cadre
    assignments of linked cells go on in the cells they are linked to;
    their meetings and awards from the effective date move there. The
    assignments of cadres registered at `closed_bodies` (a district that
    ends with its communes) end: nobody sends them any more."""
    pairs, params = cell_pairs(writer.reorganisation)
    if memberships:
        carry_on(writer, CellMembership, "cell", pairs, params, plan)
    CadreAssignment = apps.get_model("meetings", "CadreAssignment")
    unless = ("", ())
    if closed_bodies:
        marks = ", ".join(["%s"] * len(closed_bodies))
        people = f"SELECT id FROM {table(Person)} WHERE place_id IN ({marks})"
        unless = (f"r.person_id IN ({people})", [place.pk for place in closed_bodies])
    carry_on(writer, CadreAssignment, "cell", pairs, params, plan, unless=unless)
    move_dated(writer, plan)


def continue_holdings(writer, plan):
    """Holdings of the posts of linked cells and hamlets go on in their
    copies' posts (copy_posts first)."""
    pairs, params = post_pairs(writer.reorganisation)
    return carry_on(writer, Holding, "post", pairs, params, plan)
