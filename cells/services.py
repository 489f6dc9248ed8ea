"""Reorganisations (sắp xếp) of communes, hamlets and party cells: checked,
previewed, applied and undone.

`plan_reorganisation` checks a reorganisation and counts what it would move,
writing nothing; `apply_reorganisation` writes it, all or nothing, as one
audited operation; `undo_reorganisation` puts everything back. The admin
(form → preview → confirm) and commands call these three, with keyword
arguments only.

How records come through:

- Predecessors close the day before the effective date (`valid_to`); a new
  successor is created from the effective date.
- Communes: the hamlets in force, the cells of the commune's committee, the
  people and posts tied to the commune itself move under the successor (the
  same rows: a hamlet stays the hamlet it was, its cell the same cell); the
  closed commune's party committee ends and its cells join the successor's
  committee (created when the successor has none). In a split, staff say
  which successor takes each hamlet; what hangs on the commune itself goes
  to the first successor, the one that takes the seat.
- Hamlets (and cells alone): a merge closes the predecessors' cells; their
  memberships end with reason "sáp nhập" and start again in the successor's
  cell on the effective date; holdings of the posts that cease end with
  reason "sáp nhập", and the holders named in `carry_holdings` start in the
  successor's post of the same title. A hamlet split sends each person
  registered there to the successor staff assign, and a member's
  membership (and a carried holder's post) to that successor's cell. A
  rename, change of kind or move gives the hamlet a new row and moves its
  cell and posts to it unchanged.
- Issuing bodies of closed places end; accounts tied to a closed place move
  to its successor, or are listed (`plan.ambiguous_accounts`) where it has
  several.

Every write is set-based (UPDATE … WHERE, bulk_create), so the number of
queries grows with the number of units, never with members, holdings or
meetings. What applying changed is kept in `Reorganisation.journal`, which
undo replays backwards.
"""

import dataclasses
import datetime
from collections import defaultdict

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import DERIVED_FIELDS, log_bulk_create, log_bulk_update, log_event

from .constants import (
    HAMLET_CELL_KINDS,
    CellKind,
    EndReason,
    Level,
    MembershipEndReason,
    PlaceKind,
    PostScope,
)
from .constants import ReorganisationKind as Kind
from .constants import ReorganisationSubject as Subject
from .models import (
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

ONE_DAY = datetime.timedelta(days=1)
# The cell kind of a new hamlet's cell, by the hamlet's kind.
CELL_KIND_OF = {
    PlaceKind.MOUNTAIN_VILLAGE: CellKind.MOUNTAIN_VILLAGE,
    PlaceKind.URBAN_QUARTER: CellKind.URBAN_QUARTER,
    PlaceKind.SUBDIVISION: CellKind.URBAN_QUARTER,
    PlaceKind.RESIDENTIAL_GROUP: CellKind.RESIDENTIAL_GROUP,
}


class ReorganisationError(ValidationError):
    """A reorganisation that cannot be applied; the message says why, in
    Vietnamese, and nothing has been written."""


@dataclasses.dataclass
class NewPlace:
    """A successor place the reorganisation creates (from its effective date).
    Name, kind and parent default to the first predecessor's (a change of
    kind names only the kind)."""

    name: str = ""
    kind: str = ""
    parent: Place | None = None
    code: str = ""


@dataclasses.dataclass
class NewCell:
    """A successor cell a cell merger creates; committee and hamlet default
    to the first predecessor's."""

    name: str
    kind: str = ""
    committee: PartyCommittee | None = None
    hamlet: Place | None = None


@dataclasses.dataclass
class ReorganisationPlan:
    """A checked reorganisation and what applying it would move. Nothing in
    it is written until `apply_reorganisation(plan=...)`."""

    user: object
    kind: str
    subject: int
    effective_on: datetime.date
    predecessors: list
    successors: list  # existing units and NewPlace / NewCell
    assignments: dict  # hamlet pk -> index in successors (commune splits)
    decision: dict
    scope: Place
    counts: dict = dataclasses.field(default_factory=dict)
    ceasing_holdings: list = dataclasses.field(default_factory=list)
    ambiguous_accounts: list = dataclasses.field(default_factory=list)
    already_applied: Reorganisation | None = None
    merged_cells: list | None = None
    ceasing_posts: list | None = None

    @property
    def last_day(self):
        return self.effective_on - ONE_DAY

    @property
    def closing(self):
        """Predecessors that close (a merger into one of them keeps that one)."""
        kept = {unit.pk for unit in self.successors if not _is_new(unit)}
        return [unit for unit in self.predecessors if unit.pk not in kept]

    @property
    def cells_subject(self):
        return self.subject == Subject.CELL


def _is_new(unit):
    return isinstance(unit, NewPlace | NewCell)


def _fail(message, **values):
    raise ReorganisationError(message % values if values else message)


# --- checking ------------------------------------------------------------------


def plan_reorganisation(
    *,
    user,
    kind,
    subject,
    effective_on,
    predecessors,
    successors=(),
    assignments=(),
    decision_number="",
    decision_date=None,
    decided_by="",
):
    """Check a reorganisation for `user` and count what it would move.

    `predecessors`: the places (communes or hamlets, by `subject`) or cells
    rearranged. `successors`: existing units or NewPlace / NewCell; a merger
    has one (possibly one of the predecessors), a split several, a rename,
    change of kind or move one new unit, a dissolution (cells only) none.
    `assignments`, for a split: (hamlet, successor) pairs naming every hamlet
    in force under a split commune, or (person, successor) pairs naming
    every person registered in a split hamlet, each exactly once; a
    successor is one of `successors` (the object, or its index).

    Raises ReorganisationError (Vietnamese, for the user) on bad input;
    writes nothing. A plan whose links are already applied carries that
    reorganisation in `already_applied`, and applying it changes nothing.
    """
    predecessors, successors = list(predecessors), list(successors)
    plan = ReorganisationPlan(
        user=user,
        kind=kind,
        subject=subject,
        effective_on=effective_on,
        predecessors=predecessors,
        successors=successors,
        assignments={},
        decision={
            "decision_number": decision_number,
            "decision_date": decision_date,
            "decided_by": decided_by,
        },
        scope=None,
    )
    _check_shape(plan)
    _check_scope(plan)
    plan.already_applied = _applied_before(plan)
    if plan.already_applied is None:
        _check_dates(plan)
        _check_cycle(plan)
        plan.assignments = _check_assignments(plan, list(assignments))
        _check_dissolution(plan)
        _count(plan)
    return plan


def _check_shape(plan):
    count, successors = len(plan.predecessors), plan.successors
    if not count:
        _fail(_("Chọn ít nhất một đơn vị được sắp xếp."))
    if len({unit.pk for unit in plan.predecessors}) != count:
        _fail(_("Một đơn vị được chọn hai lần."))
    one_new = count == 1 and len(successors) == 1 and _is_new(successors[0])
    shapes = {
        Kind.MERGE: (
            count >= 2 and len(successors) == 1,
            _("Sáp nhập cần ít nhất hai đơn vị và một đơn vị kế thừa."),
        ),
        Kind.SPLIT: (
            count == 1 and len(successors) >= 2,
            _("Chia tách cần một đơn vị và ít nhất hai đơn vị kế thừa."),
        ),
        Kind.DISSOLVE: (not successors, _("Giải thể không có đơn vị kế thừa.")),
    }
    fits, message = shapes.get(
        plan.kind,
        (one_new, _("Đổi tên, chuyển loại, chuyển trực thuộc cần một đơn vị và một đơn vị mới.")),
    )
    if not fits:
        _fail(message)
    if plan.kind == Kind.DISSOLVE and plan.subject != Subject.CELL:
        _fail(_("Giải thể chỉ áp dụng cho chi bộ; thôn, xã được sáp nhập hoặc chia tách."))
    if plan.kind == Kind.SPLIT and plan.cells_subject:
        _fail(_("Chia tách áp dụng cho xã, phường và thôn, tổ dân phố."))
    for unit in successors:
        if isinstance(unit, NewPlace):
            _check_new_place(plan, unit)
    model = Cell if plan.cells_subject else Place
    for unit in [*plan.predecessors, *successors]:
        if _is_new(unit):
            continue
        if not isinstance(unit, model) or (model is Place and unit.level != plan.subject):
            _fail(
                _("%(unit)s không phải %(subject)s."),
                unit=unit,
                subject=Subject(plan.subject).label.lower(),
            )
    if plan.kind == Kind.SPLIT and plan.predecessors[0] in successors:
        _fail(_("Đơn vị chia tách không thể là đơn vị kế thừa của chính nó."))


def _new_place_row(plan, unit):
    first = plan.predecessors[0]
    row = Place(
        name=unit.name or first.name,
        kind=unit.kind or first.kind,
        parent=unit.parent or first.parent,
        code=unit.code,
        valid_from=plan.effective_on,
    )
    row.fill_derived_fields()
    return row


def _check_new_place(plan, unit):
    if plan.cells_subject:
        _fail(_("Đơn vị kế thừa của chi bộ phải là một chi bộ."))
    row = _new_place_row(plan, unit)
    if row.level != plan.subject:
        _fail(
            _("Loại của đơn vị mới không đúng cấp %(subject)s."),
            subject=Subject(plan.subject).label.lower(),
        )
    try:
        row.clean()
    except ValidationError as error:
        raise ReorganisationError(error.messages) from error
    first = plan.predecessors[0]
    unchanged = (row.name, row.kind, row.parent_id) == (first.name, first.kind, first.parent_id)
    if plan.kind in (Kind.RENAME, Kind.CHANGE_KIND, Kind.MOVE) and unchanged:
        _fail(_("Đơn vị mới giống hệt đơn vị cũ: không có gì để sắp xếp."))


def _check_scope(plan):
    """Staff rearrange only units strictly inside their place (the write
    rule, `editable_by`); units under several parents need a place above
    them all, inside the user's."""
    user = plan.user
    if not user or not user.is_authenticated or not user.can_edit:
        _fail(_("Bạn không có quyền sắp xếp đơn vị."))
    existing = [unit for unit in [*plan.predecessors, *plan.successors] if not _is_new(unit)]
    parents = [_parent_of(plan, unit) for unit in existing]
    parents += [_parent_of(plan, unit) for unit in plan.successors if _is_new(unit)]
    plan.scope = _lowest_common(parents)
    # Units of one parent are refused one by one below; units of several
    # need a place above them all that is the user's.
    several = len({parent.pk for parent in parents if parent is not None}) > 1
    outside = plan.scope is None or not (user.is_superuser or plan.scope.is_within(user.place))
    if outside and (several or plan.scope is None):
        _fail(
            _(
                "Các đơn vị thuộc những đơn vị cấp trên khác nhau, không cùng trong phạm vi "
                "bạn được sắp xếp."
            )
        )
    model = Cell if plan.cells_subject else Place
    editable = model.objects.editable_by(user).filter(pk__in=[u.pk for u in existing])
    editable = set(editable.values_list("pk", flat=True))
    for unit in existing:
        if unit.pk not in editable:
            _fail(_("%(unit)s nằm ngoài phạm vi bạn được sắp xếp."), unit=unit)


def _parent_of(plan, unit):
    if plan.cells_subject:
        return (unit.committee or plan.predecessors[0].committee).place
    if _is_new(unit):
        return unit.parent or plan.predecessors[0].parent
    return unit.parent


def _lowest_common(places):
    paths = [place.path for place in places if place is not None]
    if len(paths) != len(places) or not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[: common.rstrip("/").rfind("/") + 1]
    if common in ("", "/"):
        return None
    return Place.objects.get(path=common)


def _applied_before(plan):
    """The reorganisation already applied with these very links, if any:
    applying the same one again changes nothing."""
    if not plan.closing:
        return None
    through = CellSuccession if plan.cells_subject else Succession
    links = through.objects.filter(
        predecessor__in=plan.closing,
        reorganisation__kind=plan.kind,
        reorganisation__effective_on=plan.effective_on,
        reorganisation__undone_at__isnull=True,
    ).select_related("reorganisation")
    found = {link.reorganisation for link in links}
    if len(found) == 1 and {link.predecessor_id for link in links} == {u.pk for u in plan.closing}:
        return found.pop()
    return None


def _valid(unit):
    """(from, to) of a place or cell."""
    if isinstance(unit, Cell):
        return unit.founded_on, unit.dissolved_on
    return unit.valid_from, unit.valid_to


def _check_dates(plan):
    date = plan.effective_on
    for unit in plan.predecessors:
        start, end = _valid(unit)
        if end is not None and (unit in plan.closing or end < date):
            _fail(_("%(unit)s đã hết hiệu lực từ ngày %(date)s."), unit=unit, date=_dmy(end))
        if start is not None and start >= date:
            _fail(
                _("Ngày hiệu lực %(date)s không sau ngày %(unit)s bắt đầu (%(start)s)."),
                date=_dmy(date),
                unit=unit,
                start=_dmy(start),
            )
    for unit in plan.successors:
        if _is_new(unit) or unit in plan.predecessors:
            continue
        start, end = _valid(unit)
        if end is not None and end < date:
            _fail(_("%(unit)s đã hết hiệu lực từ ngày %(date)s."), unit=unit, date=_dmy(end))
        first = _first_record(unit)
        if first is not None and first < date:
            _fail(
                _(
                    "%(unit)s đã có dữ liệu từ ngày %(first)s, trước ngày hiệu lực %(date)s: "
                    "ngày hiệu lực không được muộn hơn."
                ),
                unit=unit,
                first=_dmy(first),
                date=_dmy(date),
            )


def _first_record(unit):
    """The earliest membership or holding start recorded under `unit`."""
    if isinstance(unit, Cell):
        memberships = CellMembership.objects.filter(cell=unit)
        holdings = Holding.objects.filter(post__cell=unit)
    else:
        # A hamlet's cells hang under the commune's committee: found by hamlet.
        places = Place.objects.within(unit)
        memberships = CellMembership.objects.filter(
            Q(cell__hamlet__in=places) | Q(cell__committee__place__in=places)
        )
        holdings = Holding.objects.within(unit)
    dates = [
        rows.aggregate(first=models.Min("start_date"))["first"] for rows in (memberships, holdings)
    ]
    return min((d for d in dates if d is not None), default=None)


def _check_cycle(plan):
    """No successor may already stand before one of the predecessors."""
    through = CellSuccession if plan.cells_subject else Succession
    targets = {unit.pk for unit in plan.successors if not _is_new(unit)}
    targets -= {unit.pk for unit in plan.predecessors}
    frontier, seen = {unit.pk for unit in plan.predecessors}, set()
    while frontier and targets:
        if frontier & targets:
            _fail(_("Sắp xếp này tạo thành vòng kế thừa giữa các đơn vị."))
        seen |= frontier
        before = through.objects.filter(successor__in=frontier).values_list(
            "predecessor", flat=True
        )
        frontier = set(before) - seen


def _check_dissolution(plan):
    """A cell is dissolved once its members have moved on: where they go is
    a transfer of each, not a reorganisation."""
    if plan.kind != Kind.DISSOLVE:
        return
    running = CellMembership.objects.filter(cell__in=plan.predecessors).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=plan.effective_on)
    )
    if running.exists():
        _fail(_("Chi bộ còn đảng viên sinh hoạt sau ngày giải thể: chuyển sinh hoạt trước."))


def _check_assignments(plan, pairs):
    """{pk: successor index} of what a split sends where: every hamlet in
    force under a split commune, every person registered in a split hamlet,
    exactly once."""
    if plan.kind != Kind.SPLIT:
        if pairs:
            _fail(_("Chỉ khi chia tách mới phân thôn, cá nhân về các đơn vị kế thừa."))
        return {}
    if plan.subject == Subject.COMMUNE:
        units = _hamlets_in_force(plan.predecessors, plan.effective_on)
    else:
        units = Person.objects.filter(place__in=plan.predecessors)
    units = {unit.pk: unit for unit in units}
    assigned = {}
    for unit, successor in pairs:
        index = successor if isinstance(successor, int) else _index_of(plan, successor)
        if unit.pk not in units:
            _fail(_("%(hamlet)s không thuộc %(unit)s."), hamlet=unit, unit=plan.predecessors[0])
        if unit.pk in assigned:
            _fail(_("%(hamlet)s được phân về hai đơn vị."), hamlet=unit)
        assigned[unit.pk] = index
    missing = [str(unit) for pk, unit in units.items() if pk not in assigned]
    if missing:
        _fail(_("Chưa phân về đơn vị kế thừa: %(hamlets)s."), hamlets=", ".join(missing))
    return assigned


def _index_of(plan, successor):
    for index, unit in enumerate(plan.successors):
        if unit is successor or (not _is_new(unit) and getattr(successor, "pk", None) == unit.pk):
            return index
    _fail(_("%(unit)s không phải đơn vị kế thừa của sắp xếp này."), unit=successor)


def _hamlets_in_force(communes, date):
    return Place.objects.filter(parent__in=communes, level=Level.HAMLET).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=date)
    )


def _dmy(date):
    return date.strftime("%d/%m/%Y")


# --- counting ------------------------------------------------------------------


def _count(plan):
    """What applying would move, for the preview: one query per kind of row."""
    date, closing = plan.effective_on, plan.closing
    counts = {"closing": len(closing), "new_units": sum(_is_new(u) for u in plan.successors)}
    cells = _merged_cells(plan)
    open_on = Q(end_date__isnull=True) | Q(end_date__gte=date)
    counts["memberships"] = CellMembership.objects.filter(open_on, cell__in=cells).count()
    ceasing = Holding.objects.filter(open_on, post__in=_ceasing_posts(plan))
    plan.ceasing_holdings = list(ceasing.select_related("person", "post__post_type"))
    counts["holdings"] = len(plan.ceasing_holdings)
    if plan.subject == Subject.COMMUNE:
        counts["hamlets"] = _hamlets_in_force(closing, date).count()
        counts["cells"] = _cells_of_communes(closing, date).count()
    else:
        counts["cells"] = len(cells)
        counts["hamlets"] = 0
    places = [] if plan.cells_subject else closing
    counts["people"] = Person.objects.filter(place__in=places).count()
    accounts = get_user_model().objects.filter(place__in=places)
    if len(plan.successors) > 1:
        plan.ambiguous_accounts = list(accounts)
        counts["accounts"] = 0
    else:
        counts["accounts"] = accounts.count()
    meetings = apps.get_model("meetings", "Meeting").objects
    counts["meetings"] = meetings.filter(cell__in=cells).count()
    plan.counts = counts


def _cells_of_communes(communes, date):
    return Cell.objects.filter(committee__place__in=communes).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date)
    )


def _merged_cells(plan):
    """The cells that close into a successor cell (hamlet and cell mergers),
    as they stand before the plan is applied (read once, kept on the plan)."""
    if plan.merged_cells is None:
        plan.merged_cells = _cells_to_merge(plan)
    return plan.merged_cells


def _cells_to_merge(plan):
    date = plan.effective_on
    if plan.subject == Subject.COMMUNE or plan.kind in (Kind.RENAME, Kind.CHANGE_KIND, Kind.MOVE):
        return []
    if plan.cells_subject:
        return plan.closing
    cells = Cell.objects.filter(hamlet__in=plan.closing, kind__in=HAMLET_CELL_KINDS).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date)
    )
    return list(cells)


def _ceasing_posts(plan):
    """Posts that cease: the merged cells' own and the closed hamlets'."""
    if plan.ceasing_posts is None:
        cells = _merged_cells(plan)
        posts = Post.objects.filter(cell__in=cells)
        if plan.subject == Subject.HAMLET and plan.kind in (Kind.MERGE, Kind.SPLIT):
            posts = Post.objects.filter(Q(cell__in=cells) | Q(place__in=plan.closing, cell=None))
        plan.ceasing_posts = list(posts.values_list("pk", flat=True))
    return plan.ceasing_posts


# --- applying ------------------------------------------------------------------


class _Writer:
    """Writes one reorganisation: every change set-based, put on the audit
    trail and in the journal undo replays."""

    def __init__(self, reorganisation):
        self.reorganisation = reorganisation
        self.created = defaultdict(list)  # model label -> pks
        self.updated = []  # [model label, [pks], {field: old value}]

    def create(self, model, rows):
        rows = model.objects.bulk_create(rows)
        log_bulk_create(rows)
        self.created[model._meta.label].extend(row.pk for row in rows)
        return rows

    def update(self, rows, load=(), **values):
        """UPDATE the rows of queryset `rows` to `values`, remembering the
        old values (grouped, so the journal stays short); returns the rows
        as they were, with the fields `load` too."""
        fields = list(values)
        attnames = [rows.model._meta.get_field(f).attname for f in fields]
        found = list(rows.select_related(*_audit_relations(rows.model), *load))
        if not found:
            return []
        groups = defaultdict(list)
        changes = []
        # Derived columns (the path) are left off the trail, as everywhere.
        new = {
            f: v.pk if isinstance(v, models.Model) else v
            for f, v in values.items()
            if f not in DERIVED_FIELDS
        }
        for row in found:
            old = tuple(getattr(row, a) for a in attnames)
            groups[old].append(row.pk)
            changes.append(
                (
                    row,
                    {
                        f: [_jsonable(o), _jsonable(new[f])]
                        for f, o in zip(fields, old, strict=True)
                        if f in new
                    },
                )
            )
        rows.model.objects.filter(pk__in=[row.pk for row in found]).update(**values)
        log_bulk_update(changes)
        label = rows.model._meta.label
        for old, pks in groups.items():
            self.updated.append(
                [label, pks, {a: _jsonable(o) for a, o in zip(attnames, old, strict=True)}]
            )
        return found

    def journal(self):
        return {"created": dict(self.created), "updated": self.updated}


# What `str()` of a row reads, beyond the place its scope hangs on.
NAMED_BY = {
    CellMembership: ["member__person", "cell"],
    Holding: ["person", "post__post_type", "post__cell", "post__place"],
    Post: ["post_type", "cell"],
}


def _audit_relations(model):
    """The relations an audit entry of `model` reads (its name and scope),
    loaded with the rows so that writing the entries costs no query per row."""
    scope = getattr(model.objects._queryset_class, "scope_path", None) or ""
    relations = [scope.rsplit("__", 1)[0]] if "__" in scope else []
    return [*relations, *NAMED_BY.get(model, [])]


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def apply_reorganisation(*, plan, carry_holdings=()):
    """Write `plan` (from `plan_reorganisation`), all or nothing, as one
    audited operation, and return its Reorganisation. `carry_holdings`:
    holdings among `plan.ceasing_holdings` whose holder takes the same title
    in the successor from the effective date. A plan already applied returns
    that reorganisation and changes nothing."""
    if plan.already_applied is not None:
        return plan.already_applied
    reorganisation = Reorganisation.objects.create(
        kind=plan.kind,
        subject=plan.subject,
        effective_on=plan.effective_on,
        place=plan.scope,
        applied_by=plan.user,
        **plan.decision,
    )
    writer = _Writer(reorganisation)
    successors = _create_successors(plan, writer)
    try:
        if plan.cells_subject:
            successor = successors[0] if successors else None
            target = (successor, successor.hamlet if successor else None)
            _merge_cells(plan, writer, plan.closing, lambda person: target, carry_holdings)
        else:
            _close_places(plan, writer, successors, carry_holdings)
    except ValidationError as error:
        raise ReorganisationError(error.messages) from error
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


def _create_successors(plan, writer):
    """The successor units, the new ones created (and linked)."""
    model = Cell if plan.cells_subject else Place
    first = plan.predecessors[0]
    units = []
    for unit in plan.successors:
        if not _is_new(unit):
            units.append(unit)
            continue
        if plan.cells_subject:
            row = Cell(
                name=unit.name,
                kind=unit.kind or first.kind,
                committee=unit.committee or first.committee,
                hamlet=unit.hamlet or first.hamlet,
                founded_on=plan.effective_on,
            )
        else:
            row = _new_place_row(plan, unit)
        row.fill_derived_fields()
        units.append(row)
    new = [unit for unit in units if unit.pk is None]
    closing = plan.closing
    if not plan.cells_subject:
        # Codes are reused: the old unit closes before the new one takes its code.
        writer.update(Place.objects.filter(pk__in=[u.pk for u in closing]), valid_to=plan.last_day)
    else:
        writer.update(
            Cell.objects.filter(pk__in=[u.pk for u in closing]), dissolved_on=plan.last_day
        )
    if new:
        writer.create(model, new)
        if model is Place:
            Place.objects.fill_missing_paths(plan.subject)
            for unit in new:
                unit.path = f"{unit.parent.path}{unit.pk}/"
    through = CellSuccession if plan.cells_subject else Succession
    links = [
        through(predecessor=old, successor=units[index], reorganisation=writer.reorganisation)
        for old in closing
        for index in _successor_indexes(plan, old)
    ]
    writer.create(through, links)
    return units


def _successor_indexes(plan, unit):
    if plan.kind == Kind.SPLIT and plan.assignments:
        return sorted(set(plan.assignments.values()) | {0})
    return range(len(plan.successors))


def _close_places(plan, writer, successors, carry):
    closing, date = plan.closing, plan.effective_on
    single = successors[0] if len(successors) == 1 else None
    if plan.subject == Subject.COMMUNE:
        _move_communes(plan, writer, successors)
    elif plan.kind in (Kind.RENAME, Kind.CHANGE_KIND, Kind.MOVE):
        _move_hamlet(plan, writer, closing[0], single)
    elif plan.kind == Kind.SPLIT:
        _split_hamlet(plan, writer, successors, carry)
    else:
        target = (_cell_of(plan, writer, single), single)
        _merge_cells(plan, writer, _merged_cells(plan), lambda person: target, carry)
    if single is not None:
        writer.update(Person.objects.filter(place__in=closing), place=single)
        writer.update(get_user_model().objects.filter(place__in=closing), place=single)
    bodies = apps.get_model("awards", "IssuingBody").objects.filter(place__in=closing)
    writer.update(
        bodies.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date)), valid_to=plan.last_day
    )


def _move_communes(plan, writer, successors):
    """Hamlets, cells, people and posts of closed communes go to the
    successor (of each hamlet, in a split); their committees end."""
    closing, date = plan.closing, plan.effective_on
    committees = {}
    for index, successor in enumerate(successors):
        committees[index] = _committee_of(plan, writer, successor, closing)
    hamlets = list(_hamlets_in_force(closing, date).only("pk", "parent_id"))
    by_target = defaultdict(list)
    for hamlet in hamlets:
        by_target[plan.assignments.get(hamlet.pk, 0)].append(hamlet.pk)
    for index, pks in by_target.items():
        successor = successors[index]
        path = Concat(
            models.Value(successor.path),
            Cast("pk", models.CharField()),
            models.Value("/"),
            output_field=models.CharField(),
        )
        writer.update(Place.objects.filter(pk__in=pks), parent=successor, path=path)
        cells = _cells_of_communes(closing, date).filter(hamlet__in=pks)
        writer.update(cells, committee=committees[index])
    seat = successors[0]
    # Cells of no hamlet in force (schools, agencies) go with the seat.
    others = _cells_of_communes(closing, date).exclude(hamlet__in=[h.pk for h in hamlets])
    writer.update(others, committee=committees[0])
    writer.update(Post.objects.filter(place__in=closing), place=seat)
    if len(successors) > 1:
        writer.update(Person.objects.filter(place__in=closing), place=seat)
    open_committees = PartyCommittee.objects.filter(place__in=closing).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date)
    )
    writer.update(open_committees, dissolved_on=plan.last_day)


def _committee_of(plan, writer, commune, closing):
    """The successor commune's committee in force, created when it has none."""
    found = (
        PartyCommittee.objects.filter(place=commune)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=plan.effective_on))
        .first()
    )
    if found is not None:
        return found
    name = _("Đảng bộ %(place)s") % {"place": commune}
    committee = PartyCommittee(name=name, place=commune, founded_on=plan.effective_on)
    return writer.create(PartyCommittee, [committee])[0]


def _move_hamlet(plan, writer, hamlet, successor):
    """A renamed, re-kinded or moved hamlet: its cells and posts go to the
    new row unchanged."""
    cells = Cell.objects.filter(hamlet=hamlet).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=plan.effective_on)
    )
    values = {"hamlet": successor}
    if successor.parent_id != hamlet.parent_id:
        values["committee"] = _committee_of(plan, writer, successor.parent, [])
    writer.update(cells, **values)
    writer.update(Post.objects.filter(place=hamlet), place=successor)


def _cell_of(plan, writer, hamlet):
    """The successor hamlet's cell, created for a new hamlet (or one without
    a cell) when the predecessors had cells; the merged cells link to it."""
    merged = _merged_cells(plan)
    if hamlet is None or not merged:
        return None
    cell = (
        Cell.objects.filter(hamlet=hamlet, kind__in=HAMLET_CELL_KINDS)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=plan.effective_on))
        .first()
    )
    if cell is None:
        cell = Cell(
            name=_("Chi bộ %(hamlet)s") % {"hamlet": hamlet},
            kind=CELL_KIND_OF.get(hamlet.kind, CellKind.VILLAGE),
            committee=merged[0].committee,
            hamlet=hamlet,
            founded_on=plan.effective_on,
        )
        cell.fill_derived_fields()
        writer.create(Cell, [cell])
    links = [
        CellSuccession(predecessor=old, successor=cell, reorganisation=writer.reorganisation)
        for old in merged
    ]
    writer.create(CellSuccession, links)
    return cell


def _split_hamlet(plan, writer, successors, carry):
    """Each person goes to the hamlet they are assigned; a member's
    membership and a carried holder's post follow them to its cell."""
    targets = [(_cell_of(plan, writer, hamlet), hamlet) for hamlet in successors]
    people = defaultdict(list)
    for person, index in plan.assignments.items():
        people[index].append(person)
    for index, pks in people.items():
        writer.update(Person.objects.filter(pk__in=pks), place=successors[index])
    # A member registered elsewhere goes with the first successor.
    _merge_cells(
        plan,
        writer,
        _merged_cells(plan),
        lambda person: targets[plan.assignments.get(person, 0)],
        carry,
    )


def _merge_cells(plan, writer, cells, target_of, carry):
    """Close `cells`: memberships and chosen holders start again on the
    effective date in the cell `target_of(person id)` names ((cell, hamlet);
    no cell: nothing starts); the rest of the ceasing holdings end."""
    if not cells:
        return
    date, last_day = plan.effective_on, plan.last_day
    if not plan.cells_subject:
        writer.update(Cell.objects.filter(pk__in=[c.pk for c in cells]), dissolved_on=last_day)
    running = CellMembership.objects.filter(cell__in=cells, start_date__lt=date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date)
    )
    ended = writer.update(running, end_date=last_day, end_reason=MembershipEndReason.MERGED)
    # A membership that was to end later (a transfer already decided) ends
    # then in the successor cell too.
    starting = [
        CellMembership(
            member=m.member,
            cell=cell,
            start_date=date,
            end_date=m.end_date,
            end_reason=m.end_reason,
        )
        for m in ended
        if (cell := target_of(m.member.person_id)[0]) is not None
    ]
    writer.create(CellMembership, starting)
    later = CellMembership.objects.filter(cell__in=cells, start_date__gte=date)
    moving = defaultdict(list)
    for membership in later.select_related("member"):
        moving[target_of(membership.member.person_id)[0]].append(membership.pk)
    for cell, pks in moving.items():
        if cell is not None:
            writer.update(CellMembership.objects.filter(pk__in=pks), cell=cell)
    _end_holdings(plan, writer, target_of, carry)


def _end_holdings(plan, writer, target_of, carry):
    posts = _ceasing_posts(plan)
    running = Holding.objects.filter(post__in=posts, start_date__lt=plan.effective_on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=plan.effective_on)
    )
    carry_ids = {getattr(h, "pk", h) for h in carry}
    carried = list(running.filter(pk__in=carry_ids).select_related("person", "post__post_type"))
    writer.update(running, end_date=plan.last_day, end_reason=EndReason.MERGED)
    if not carried:
        return
    new = []
    for holding in carried:
        cell, hamlet = target_of(holding.person_id)
        post = _post_for(writer, holding.post.post_type, cell, hamlet)
        row = Holding(
            person=holding.person,
            post=post,
            term_id=holding.term_id,
            start_date=plan.effective_on,
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
            _fail(_("Đơn vị kế thừa không có chi bộ để nhận chức danh %(post)s."), post=post_type)
        found = Post.objects.filter(post_type=post_type, cell=cell).first()
        place = cell.hamlet or cell.committee.place
    else:
        found = Post.objects.filter(post_type=post_type, place=hamlet, cell=None).first()
        cell, place = None, hamlet
    if found is not None:
        return found
    (post,) = writer.create(Post, [Post(post_type=post_type, cell=cell, place=place)])
    return post


# --- undoing -------------------------------------------------------------------


# The order in which undoing deletes what applying created: rows before the
# rows they point at (a holding before its post, a cell before its hamlet).
# The journal keeps its labels in a JSON object, whose order PostgreSQL's
# jsonb does not keep, so the order is stated here. Memberships and holdings
# go even before the moved rows are put back: the old ones, reopened, would
# overlap them, and PostgreSQL checks its no-overlap constraints at each
# statement.
UNDO_ORDER = (
    "cells.CellMembership",
    "cells.Holding",
    "cells.Succession",
    "cells.CellSuccession",
    "cells.Post",
    "cells.Cell",
    "cells.PartyCommittee",
    "cells.Place",
)
DATED_BY_PERSON = UNDO_ORDER[:2]


def _undo_rank(label):
    # A model not listed points at the units, never the other way: first.
    return UNDO_ORDER.index(label) if label in UNDO_ORDER else -1


def _delete_created(label, pks):
    # Through the collector: the trail records each deletion.
    apps.get_model(label).objects.filter(pk__in=pks).delete()


@transaction.atomic
def undo_reorganisation(*, user, reorganisation):
    """Put back everything `reorganisation` changed, while nothing has been
    recorded in its scope since it was applied (the audit trail says);
    raises ReorganisationError otherwise, writing nothing."""
    if reorganisation.applied_at is None or reorganisation.undone_at is not None:
        _fail(_("Sắp xếp này chưa được áp dụng hoặc đã được hoàn tác."))
    if not Reorganisation.objects.editable_by(user).filter(pk=reorganisation.pk).exists():
        _fail(_("Sắp xếp này nằm ngoài phạm vi bạn được sắp xếp."))
    since = LogEntry.objects.filter(
        timestamp__gt=reorganisation.applied_at,
        additional_data__scope__startswith=reorganisation.place.path,
    )
    if since.exists():
        _fail(
            _("Không hoàn tác được: đã có dữ liệu mới được ghi trong %(place)s sau khi sắp xếp."),
            place=reorganisation.place,
        )
    journal = reorganisation.journal
    created = sorted(journal.get("created", {}).items(), key=lambda item: _undo_rank(item[0]))
    for label, pks in created:
        if label in DATED_BY_PERSON:
            _delete_created(label, pks)
    # Backwards: a row moved twice (closed, then re-homed) gets its first values.
    for label, pks, old in reversed(journal.get("updated", [])):
        model = apps.get_model(label)
        rows = list(model.objects.filter(pk__in=pks).only("pk", *old))
        log_bulk_update(
            (row, {f: [_jsonable(getattr(row, f)), v] for f, v in old.items() if f != "path"})
            for row in rows
        )
        model.objects.filter(pk__in=pks).update(**old)
    for label, pks in created:
        if label not in DATED_BY_PERSON:
            _delete_created(label, pks)
    log_event(
        instance=reorganisation,
        action=LogEntry.Action.UPDATE,
        description=str(reorganisation),
        scope=reorganisation.place.path,
        hoan_tac=True,
    )
    Reorganisation.objects.filter(pk=reorganisation.pk).update(undone_at=timezone.now())
    reorganisation.refresh_from_db()
    return reorganisation
