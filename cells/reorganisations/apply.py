"""Applying a checked reorganisation (plans.py): all or nothing, one audit
entry, the journal for undo."""

from collections import defaultdict

from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event

from ..constants import HAMLET_CELL_KINDS, CellKind, EndReason, Level, PlaceKind, PostScope
from ..constants import ReorganisationSubject as Subject
from ..lineage import refresh_lineage
from ..models import (
    Cell,
    CellMembership,
    CellSuccession,
    Holding,
    PartyCommittee,
    Person,
    Place,
    Post,
    Reorganisation,
    Succession,
)
from . import records
from .journal import Writer, new_ids
from .plans import (
    ReorganisationError,
    ceasing_posts,
    fail,
    hamlets_in_force,
    is_new,
    moving_cells,
    new_place_row,
)

# The cell kind of a new hamlet's cell, by the hamlet's kind.
CELL_KIND_OF = {
    PlaceKind.MOUNTAIN_VILLAGE: CellKind.MOUNTAIN_VILLAGE,
    PlaceKind.URBAN_QUARTER: CellKind.URBAN_QUARTER,
    PlaceKind.SUBDIVISION: CellKind.URBAN_QUARTER,
    PlaceKind.RESIDENTIAL_GROUP: CellKind.RESIDENTIAL_GROUP,
}
# The PostgreSQL constraint a reorganisation crosses inside its transaction:
# memberships start again in the successor before the old ones are closed
# (the INSERT reads how they were to end, which closing them overwrites).
DEFERRED_CONSTRAINTS = ("cell_membership_no_overlap",)


@transaction.atomic
def apply_reorganisation(*, plan, carry_holdings=()):
    """Write `plan` (from `plan_reorganisation`), all or nothing, as one
    audited operation, and return its Reorganisation. `carry_holdings`:
    holdings among `plan.ceasing_holdings` whose holder takes the same title
    in the successor from the effective date. A plan already applied returns
    that reorganisation and changes nothing."""
    if plan.already_applied is not None:
        return plan.already_applied
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {', '.join(DEFERRED_CONSTRAINTS)} DEFERRED")
    reorganisation = Reorganisation.objects.create(
        kind=plan.kind,
        subject=plan.subject,
        effective_on=plan.effective_on,
        place=plan.scope,
        applied_by_id=plan.user.pk,  # none for a command run as the server (core.commands)
        **plan.decision,
    )
    writer = Writer(reorganisation)
    try:
        successors = _successors(plan, writer)
        _carry_records(plan, writer, successors, carry_holdings)
    except ValidationError as error:
        raise ReorganisationError(error.messages) from error
    if not plan.cells_subject:
        refresh_lineage(successors)
    log_event(
        instance=reorganisation,
        action=LogEntry.Action.CREATE,
        description=str(reorganisation),
        scope=plan.scope.path,
        **{f"so_{key}": value for key, value in plan.counts.items()},
    )
    # After every entry it wrote: undo looks for entries later than this.
    Reorganisation.objects.filter(pk=reorganisation.pk).update(
        journal=writer.journal(), applied_at=timezone.now()
    )
    reorganisation.refresh_from_db()
    return reorganisation


def _carry_records(plan, writer, successors, carry):
    if plan.subject == Subject.COMMUNE:
        _rearrange_communes(plan, writer, successors)
    elif plan.copies and plan.cells_subject:
        _carry_on(plan, writer)
    elif plan.copies:
        _copy_hamlet_cells(plan, writer, plan.predecessors[0], successors[0])
        _carry_on(plan, writer)
    elif plan.cells_subject:
        _merge_cells(plan, writer, successors[0] if successors else None, carry)
    elif len(successors) > 1:
        _split_hamlet(plan, writer, successors, carry)
    else:
        _merge_hamlets(plan, writer, successors[0], carry)
    if plan.subject == Subject.HAMLET:
        _end_bodies(plan, writer, plan.closing)


# --- successors and links ------------------------------------------------------


def _successors(plan, writer):
    """The successor units, the new ones created; the predecessors closed
    (but those the official list closed already) and linked to them."""
    units = [_new_unit(plan, unit) if is_new(unit) else unit for unit in plan.successors]
    closing = [unit.pk for unit in plan.closing if unit.pk not in plan.closed_by_list]
    if plan.cells_subject:
        writer.update(Cell.objects.filter(pk__in=closing), dissolved_on=plan.last_day)
    else:
        # Codes are reused: the old unit closes before the new one takes its code.
        writer.update(Place.objects.filter(pk__in=closing), valid_to=plan.last_day)
    new = [unit for unit in units if unit.pk is None]
    if new and plan.cells_subject:
        writer.create(Cell, new)
    elif new:
        _create_places(writer, new)
    _link(plan, writer, units)
    return units


def _new_unit(plan, unit):
    if not plan.cells_subject:
        return new_place_row(plan, unit)
    first = plan.predecessors[0]
    row = Cell(
        name=unit.name,
        kind=unit.kind or first.kind,
        committee=unit.committee or first.committee,
        hamlet=unit.hamlet or first.hamlet,
        founded_on=plan.effective_on,
    )
    row.fill_derived_fields()
    return row


def _create_places(writer, rows):
    """Write new places of one level, with their paths (their own id ends it)."""
    writer.create(Place, rows)
    Place.objects.fill_missing_paths(rows[0].level)
    for row in rows:
        row.path = f"{row.parent.path}{row.pk}/"


def _link(plan, writer, units):
    """Predecessor → successor links of the closing units, the seat first.
    Links the official list already wrote (no reorganisation) are adopted,
    not written again."""
    through = CellSuccession if plan.cells_subject else Succession
    adopted = through.objects.filter(
        predecessor__in=[u.pk for u in plan.closing], reorganisation__isnull=True
    )
    existing = set(adopted.values_list("predecessor_id", "successor_id"))
    writer.update(adopted, reorganisation=writer.reorganisation)
    links = []
    for old in plan.closing:
        for position, index in enumerate(_linked_indexes(plan, old)):
            new = units[index]
            if (old.pk, new.pk) in existing:
                continue
            link = through(predecessor=old, successor=new, reorganisation=writer.reorganisation)
            if through is Succession:
                link.takes_seat = position == 0
            links.append(link)
    writer.create(through, links)


def _linked_indexes(plan, unit):
    """The successors `unit` is linked to: its targets, but for a split
    hamlet only those that receive somebody (the seat always)."""
    targets = plan.targets[unit.pk]
    if plan.subject == Subject.HAMLET and len(targets) > 1:
        received = set(plan.assignments.values())
        return [targets[0], *(i for i in targets[1:] if i in received)]
    return targets


def _end_bodies(plan, writer, places):
    """Issuing bodies of the closed places end with them."""
    bodies = apps.get_model("awards", "IssuingBody").objects.filter(place__in=places)
    open_bodies = bodies.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=plan.effective_on))
    writer.update(open_bodies, valid_to=plan.last_day)


# --- copies: records go on in a new row ----------------------------------------


def _carry_on(plan, writer, closed_bodies=()):
    """Posts, holdings, memberships, cadre assignments, meetings, awards and
    people of every unit the reorganisation copied go on in the copies
    (but the assignments of cadres of `closed_bodies`)."""
    records.copy_posts(writer)
    records.continue_holdings(writer, plan)
    records.continue_cell_records(writer, plan, closed_bodies=closed_bodies)
    records.move_awards(writer, plan, Level.HAMLET)
    records.register_people(writer, Level.HAMLET)


def _copy_cells(plan, writer, copies):
    """Write `copies` ({old cell: new unsaved cell}), closing the old cells
    the day before and linking each to its copy."""
    if not copies:
        return
    old = [cell.pk for cell in copies]
    writer.update(Cell.objects.filter(pk__in=old), dissolved_on=plan.last_day)
    writer.create(Cell, list(copies.values()))
    writer.link(CellSuccession, [(cell.pk, copy.pk) for cell, copy in copies.items()])


def _copy_cell(cell, committee, hamlet, date, name=None):
    copy = Cell(
        name=name or cell.name,
        kind=cell.kind,
        committee=committee,
        hamlet=hamlet,
        founded_on=date,
        dissolved_on=cell.dissolved_on if cell.dissolved_on and cell.dissolved_on >= date else None,
    )
    copy.fill_derived_fields()
    return copy


def _copy_hamlet_cells(plan, writer, hamlet, copy):
    """A renamed, re-kinded or moved hamlet's cells go on as cells of its
    new row, named after it (at the new commune's committee after a move)."""
    date = plan.effective_on
    cells = Cell.objects.filter(hamlet=hamlet).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date)
    )
    copies = {}
    for cell in cells.select_related("committee"):
        committee = cell.committee
        if copy.parent_id != hamlet.parent_id:
            committee = _committee_of(writer, copy.parent, date)
        name = _renamed(cell.name, hamlet, copy)
        copies[cell] = _copy_cell(cell, committee, copy, date, name=name)
    _copy_cells(plan, writer, copies)


def _renamed(cell_name, hamlet, copy):
    """ "Chi bộ thôn Đông" of Thôn Đông renamed Tổ dân phố Hòa Bình: "Chi bộ
    tổ dân phố Hòa Bình". Another name is kept as it is."""
    for old in (str(hamlet), str(hamlet).lower(), hamlet.name):
        if cell_name.endswith(old) or cell_name.lower().endswith(old.lower()):
            new = str(copy) if old != hamlet.name else copy.name
            if old == str(hamlet).lower():
                new = new.lower()[: -len(copy.name)] + copy.name
            return cell_name[: len(cell_name) - len(old)] + new
    return cell_name


def _committee_of(writer, commune, date):
    """The commune's committee in force on `date`, created when it has none."""
    found = (
        PartyCommittee.objects.filter(place=commune)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date))
        .first()
    )
    if found is not None:
        return found
    name = _("Đảng bộ %(place)s") % {"place": commune}
    committee = PartyCommittee(name=name, place=commune, founded_on=date)
    return writer.create(PartyCommittee, [committee])[0]


# --- communes ------------------------------------------------------------------


def _rearrange_communes(plan, writer, successors):
    """Each hamlet in force under a closing commune is copied under the
    successor it goes to, with its cells (the commune's own cells of no
    hamlet at the seat's committee), and everything recorded there goes on
    in the copies; the commune's own cadres go to the seat, its committees
    end."""
    date = plan.effective_on
    committees = [_committee_of(writer, commune, date) for commune in successors]
    _copy_hamlets_and_cells(plan, writer, successors, committees)
    closed_parents = _closed_parents(plan)
    _carry_on(plan, writer, closed_bodies=closed_parents)
    records.move_awards(writer, plan, Level.COMMUNE)
    records.register_people(writer, Level.COMMUNE)
    _end_committees(plan, writer, [*plan.closing, *closed_parents])


def _copy_hamlets_and_cells(plan, writer, successors, committees):
    """Copy every hamlet in force under a closing commune under the
    successor it goes to, and every cell there at the committee of its
    hamlet's successor (a cell of no hamlet at the seat's). The copies' ids
    are taken first, in one query, so each copy is written with its id."""
    hamlets = hamlets_in_force(plan.closing, plan.effective_on).order_by("pk")
    hamlets = list(hamlets.values_list("pk", "parent", "path", "lineage"))
    cells = list(moving_cells(plan).values_list("pk", "hamlet", "committee__place"))
    hamlet_ids, cell_ids = new_ids((Place, len(hamlets)), (Cell, len(cells)))
    goes_to, copies, copied_hamlets = {}, {}, []
    for (pk, commune, path, lineage), new in zip(hamlets, hamlet_ids, strict=True):
        goes_to[pk], copies[pk] = _target_of(plan, pk, commune), new
        copied_hamlets.append((pk, new, successors[goes_to[pk]].pk, path, lineage))
    records.copy_hamlets(writer, plan, copied_hamlets)
    seat = {unit.pk: plan.seat_of(unit) for unit in plan.closing}
    copied_cells = []
    for (pk, hamlet, commune), new in zip(cells, cell_ids, strict=True):
        index = goes_to[hamlet] if hamlet in copies else seat[commune]
        copied_cells.append((pk, new, committees[index].pk, copies.get(hamlet)))
    records.copy_cells(writer, plan, copied_cells)


def _closed_parents(plan):
    """The units the closing communes sat in that close the same day (the
    districts in 2025): their committees and bodies end with them."""
    parents = Place.objects.filter(pk__in={unit.parent_id for unit in plan.closing})
    return list(parents.filter(valid_to=plan.last_day))


def _end_committees(plan, writer, places):
    open_committees = PartyCommittee.objects.filter(place__in=places).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=plan.effective_on)
    )
    writer.update(open_committees, dissolved_on=plan.last_day)
    _end_bodies(plan, writer, places)


def _target_of(plan, hamlet, commune):
    """The index of the successor a closing commune's hamlet goes to."""
    targets = plan.targets[commune]
    return plan.assignments.get(hamlet, targets[0]) if len(targets) > 1 else targets[0]


# --- mergers: records start again in the successor ------------------------------


def _merge_hamlets(plan, writer, successor, carry):
    """Closed hamlets' cells close into the successor's cell; their members
    and people go there, chosen holders are carried, the rest end."""
    cell = _cell_of(plan, writer, successor)
    _close_cells_into(plan, writer, cell)
    records.move_awards(writer, plan, Level.HAMLET)
    records.register_people(writer, Level.HAMLET)
    _end_holdings(plan, writer, lambda person: (cell, successor), carry)


def _merge_cells(plan, writer, successor, carry):
    """Merged cells' members start again in the successor cell; a dissolved
    cell has none left (checked). Holdings of their posts end, chosen
    holders are carried."""
    records.continue_cell_records(writer, plan)
    target = (successor, successor.hamlet if successor else None)
    _end_holdings(plan, writer, lambda person: target, carry)


def _close_cells_into(plan, writer, cell, memberships=True):
    """Close the moving cells, linked to `cell` (when there is one), and
    start their records again there (memberships too, unless a split
    places them person by person)."""
    merged = moving_cells(plan)
    if not merged:
        return
    writer.update(Cell.objects.filter(pk__in=[c.pk for c in merged]), dissolved_on=plan.last_day)
    if cell is not None:
        links = [
            CellSuccession(predecessor=old, successor=cell, reorganisation=writer.reorganisation)
            for old in merged
        ]
        writer.create(CellSuccession, links)
    records.continue_cell_records(writer, plan, memberships=memberships)


def _cell_of(plan, writer, hamlet):
    """The successor hamlet's cell, created for a new hamlet (or one without
    a cell) when the predecessors had cells."""
    merged = moving_cells(plan)
    if hamlet is None or not merged:
        return None
    cell = (
        Cell.objects.filter(hamlet=hamlet, kind__in=HAMLET_CELL_KINDS)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=plan.effective_on))
        .first()
    )
    if cell is None:
        cell = Cell(
            name=hamlet.cell_name(),
            kind=CELL_KIND_OF.get(hamlet.kind, CellKind.VILLAGE),
            committee=merged[0].committee,
            hamlet=hamlet,
            founded_on=plan.effective_on,
        )
        cell.fill_derived_fields()
        writer.create(Cell, [cell])
    return cell


def _split_hamlet(plan, writer, successors, carry):
    """Each person goes to the hamlet they are assigned, a member's
    membership (and a carried holder's post) to its cell; the rest of the
    hamlet's history, and its cell's, goes to the seat (the first)."""
    targets = [(_cell_of(plan, writer, hamlet), hamlet) for hamlet in successors]
    _close_cells_into(plan, writer, targets[0][0], memberships=False)
    people = defaultdict(list)
    for person, index in plan.assignments.items():
        people[index].append(person)
    for index, pks in people.items():
        writer.update(Person.objects.filter(pk__in=pks), place=successors[index])
    _split_memberships(plan, writer, lambda person: targets[plan.assignments.get(person, 0)][0])
    records.move_awards(writer, plan, Level.HAMLET)
    _end_holdings(plan, writer, lambda person: targets[plan.assignments.get(person, 0)], carry)


def _split_memberships(plan, writer, cell_of):
    """Memberships of the split hamlet's cells start again, each member in
    the cell of the hamlet they were assigned to (a hamlet is a few hundred
    people: read here, written in bulk)."""
    date = plan.effective_on
    cells = moving_cells(plan)
    running = CellMembership.objects.filter(cell__in=cells, start_date__lt=date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date)
    )
    rows = list(running.select_related("member"))
    starting = [
        CellMembership(
            member=row.member,
            cell=cell,
            start_date=date,
            end_date=row.end_date,
            end_reason=row.end_reason,
        )
        for row in rows
        if (cell := cell_of(row.member.person_id)) is not None
    ]
    writer.create(CellMembership, starting)
    writer.update(
        CellMembership.objects.filter(pk__in=[row.pk for row in rows]),
        end_date=plan.last_day,
        end_reason=records.MERGED_REASON[CellMembership],
    )
    later = CellMembership.objects.filter(cell__in=cells, start_date__gte=date)
    moving = defaultdict(list)
    for membership in later.select_related("member"):
        moving[cell_of(membership.member.person_id)].append(membership.pk)
    for cell, pks in moving.items():
        if cell is not None:
            writer.update(CellMembership.objects.filter(pk__in=pks), cell=cell)


def _end_holdings(plan, writer, target_of, carry):
    """Holdings of the posts that cease end the day before; the holders in
    `carry` start that day in the successor's post of the same title."""
    date = plan.effective_on
    running = Holding.objects.filter(post__in=ceasing_posts(plan), start_date__lt=date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date)
    )
    carry_ids = {getattr(h, "pk", h) for h in carry}
    carried = list(running.filter(pk__in=carry_ids).select_related("person", "post__post_type"))
    writer.update(running, end_date=plan.last_day, end_reason=EndReason.MERGED)
    new = []
    for holding in carried:
        cell, hamlet = target_of(holding.person_id)
        post = _post_for(writer, holding.post.post_type, cell, hamlet)
        row = Holding(
            person=holding.person,
            post=post,
            term_id=holding.term_id,
            start_date=date,
            decision_number=plan.decision["decision_number"],
            decision_date=plan.decision["decision_date"],
        )
        row.fill_derived_fields()
        if post.pk is not None:
            row.clean()  # a single-seat post already held says so, in words
        for other in new:
            row.check_beside(other)
        new.append(row)
    writer.create(Holding, new)


def _post_for(writer, post_type, cell, hamlet):
    """The successor's post of `post_type`, created when missing."""
    if post_type.scope == PostScope.CELL:
        if cell is None:
            fail(_("Đơn vị kế thừa không có chi bộ để nhận chức danh %(post)s."), post=post_type)
        found = Post.objects.filter(post_type=post_type, cell=cell).first()
        place = cell.hamlet or cell.committee.place
    else:
        found = Post.objects.filter(post_type=post_type, place=hamlet, cell=None).first()
        cell, place = None, hamlet
    if found is not None:
        return found
    (post,) = writer.create(Post, [Post(post_type=post_type, cell=cell, place=place)])
    return post
