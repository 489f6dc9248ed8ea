"""Checking a reorganisation and counting what it would move: nothing here
writes. `plan_reorganisation` raises ReorganisationError, in Vietnamese,
on bad input."""

import dataclasses
import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext as _

from ..constants import HAMLET_CELL_KINDS, Level
from ..constants import ReorganisationKind as Kind
from ..constants import ReorganisationSubject as Subject
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

ONE_DAY = datetime.timedelta(days=1)
# Kinds that give one unit a new row: its records go on in the copy.
COPYING_KINDS = (Kind.RENAME, Kind.CHANGE_KIND, Kind.MOVE)


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
    """A successor cell the reorganisation creates; kind, committee and
    hamlet default to the first predecessor's."""

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
    targets: dict  # predecessor pk -> [successor indexes], the seat first
    assignments: dict  # hamlet pk (a divided commune) or person pk (a split hamlet) -> index
    decision: dict
    scope: Place
    counts: dict = dataclasses.field(default_factory=dict)
    ceasing_holdings: list = dataclasses.field(default_factory=list)
    ambiguous_accounts: list = dataclasses.field(default_factory=list)
    already_applied: object = None
    # Predecessors the official list already closed on the last day
    # (load_admin_units --list 2025): their links are adopted, not written.
    closed_by_list: set = dataclasses.field(default_factory=set)
    merged_cells: list | None = None
    ceasing_posts: list | None = None

    @property
    def last_day(self):
        return self.effective_on - ONE_DAY

    @property
    def closing(self):
        """Predecessors that close (a merger into one of them keeps that one)."""
        kept = {unit.pk for unit in self.successors if not is_new(unit)}
        return [unit for unit in self.predecessors if unit.pk not in kept]

    @property
    def cells_subject(self):
        return self.subject == Subject.CELL

    @property
    def copies(self):
        """Whether the predecessors' records go on in copies (communes, and a
        renamed, re-kinded or moved hamlet or cell) rather than merge."""
        return self.subject == Subject.COMMUNE or self.kind in COPYING_KINDS

    def seat_of(self, unit):
        """Index of the successor that takes what hangs on `unit` itself."""
        return self.targets[unit.pk][0]


def is_new(unit):
    return isinstance(unit, NewPlace | NewCell)


def fail(message, **values):
    raise ReorganisationError(message % values if values else message)


def dmy(date):
    return date.strftime("%d/%m/%Y")


# --- checking ------------------------------------------------------------------


def plan_reorganisation(
    *,
    user,
    kind,
    subject,
    effective_on,
    predecessors,
    successors=(),
    targets=None,
    assignments=(),
    decision_number="",
    decision_date=None,
    decided_by="",
):
    """Check a reorganisation for `user` and count what it would move.

    `predecessors`: the places (communes or hamlets, by `subject`) or cells
    rearranged. `successors`: existing units or NewPlace / NewCell; a merger
    has one (possibly one of the predecessors; a single predecessor merges
    into another unit), a split several, a rename, change of kind or move
    one new unit, a dissolution (cells only) none. `targets`, for a
    rearrangement of communes (Kind.REARRANGE: merges and divisions decided
    together, as in 2025): {predecessor: [successors]}, the seat first.
    `assignments`: (hamlet, successor) pairs naming every hamlet in force
    under a commune going to several successors, or (person, successor)
    pairs naming every person registered in a split hamlet, each exactly
    once; a successor is one of `successors` (the object, or its index).

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
        targets={},
        assignments={},
        decision={
            "decision_number": decision_number,
            "decision_date": decision_date,
            "decided_by": decided_by,
        },
        scope=None,
    )
    _check_shape(plan)
    plan.targets = _check_targets(plan, targets)
    _check_scope(plan)
    plan.already_applied = _applied_before(plan)
    if plan.already_applied is None:
        _check_dates(plan)
        _check_cycle(plan)
        plan.assignments = _check_assignments(plan, list(assignments))
        _check_dissolution(plan)
        _check_cells_follow(plan)
        _count(plan)
    return plan


def _check_shape(plan):
    count, successors = len(plan.predecessors), plan.successors
    if not count:
        fail(_("Chọn ít nhất một đơn vị được sắp xếp."))
    if len({unit.pk for unit in plan.predecessors}) != count:
        fail(_("Một đơn vị được chọn hai lần."))
    one_new = count == 1 and len(successors) == 1 and is_new(successors[0])
    into_other = (
        len(successors) == 1
        and (count >= 2 or not is_new(successors[0]))
        and not (count == 1 and successors[0] in plan.predecessors)
    )
    shapes = {
        Kind.MERGE: (
            into_other,
            _("Sáp nhập cần ít nhất hai đơn vị, hoặc một đơn vị và đơn vị nhận sáp nhập."),
        ),
        Kind.SPLIT: (
            count == 1 and len(successors) >= 2,
            _("Chia tách cần một đơn vị và ít nhất hai đơn vị kế thừa."),
        ),
        Kind.REARRANGE: (
            plan.subject == Subject.COMMUNE and bool(successors),
            _("Sắp xếp theo danh mục áp dụng cho xã, phường, với các đơn vị kế thừa."),
        ),
        Kind.DISSOLVE: (not successors, _("Giải thể không có đơn vị kế thừa.")),
    }
    fits, message = shapes.get(
        plan.kind,
        (one_new, _("Đổi tên, chuyển loại, chuyển trực thuộc cần một đơn vị và một đơn vị mới.")),
    )
    if not fits:
        fail(message)
    if plan.kind == Kind.DISSOLVE and plan.subject != Subject.CELL:
        fail(_("Giải thể chỉ áp dụng cho chi bộ; thôn, xã được sáp nhập hoặc chia tách."))
    if plan.kind == Kind.SPLIT and plan.cells_subject:
        fail(_("Chia tách áp dụng cho xã, phường và thôn, tổ dân phố."))
    for unit in successors:
        if isinstance(unit, NewPlace):
            _check_new_place(plan, unit)
        if isinstance(unit, NewCell) and not plan.cells_subject:
            fail(_("Đơn vị kế thừa của thôn, xã phải là thôn, xã."))
    model = Cell if plan.cells_subject else Place
    for unit in [*plan.predecessors, *successors]:
        if is_new(unit):
            continue
        if not isinstance(unit, model) or (model is Place and unit.level != plan.subject):
            fail(
                _("%(unit)s không phải %(subject)s."),
                unit=unit,
                subject=Subject(plan.subject).label.lower(),
            )
    if plan.kind == Kind.SPLIT and plan.predecessors[0] in successors:
        fail(_("Đơn vị chia tách không thể là đơn vị kế thừa của chính nó."))


def new_place_row(plan, unit):
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
        fail(_("Đơn vị kế thừa của chi bộ phải là một chi bộ."))
    row = new_place_row(plan, unit)
    if row.level != plan.subject:
        fail(
            _("Loại của đơn vị mới không đúng cấp %(subject)s."),
            subject=Subject(plan.subject).label.lower(),
        )
    try:
        row.clean()
    except ValidationError as error:
        raise ReorganisationError(error.messages) from error
    first = plan.predecessors[0]
    unchanged = (row.name, row.kind, row.parent_id) == (first.name, first.kind, first.parent_id)
    if plan.kind in COPYING_KINDS and unchanged:
        fail(_("Đơn vị mới giống hệt đơn vị cũ: không có gì để sắp xếp."))


def _check_targets(plan, targets):
    """{predecessor pk: [successor index, ...]}, the seat first: given for a
    rearrangement, otherwise every successor of every predecessor."""
    if plan.kind != Kind.REARRANGE:
        if targets:
            fail(_("Chỉ khi sắp xếp theo danh mục mới chỉ định đơn vị kế thừa cho từng xã."))
        every = list(range(len(plan.successors)))
        return {unit.pk: every for unit in plan.predecessors}
    given = {}
    for unit, successors in (targets or {}).items():
        given[getattr(unit, "pk", unit)] = [_index_of(plan, s) for s in successors]
    for unit in plan.predecessors:
        if not given.get(unit.pk):
            fail(_("%(unit)s chưa có đơn vị kế thừa."), unit=unit)
    unused = set(range(len(plan.successors))) - {i for ids in given.values() for i in ids}
    if unused:
        fail(
            _("%(unit)s không kế thừa đơn vị nào."),
            unit=", ".join(str(plan.successors[i]) for i in sorted(unused)),
        )
    return {unit.pk: given[unit.pk] for unit in plan.predecessors}


def _check_scope(plan):
    """Staff rearrange only units strictly inside their place (the write
    rule, `editable_by`); units under several parents need a place above
    them all, inside the user's."""
    user = plan.user
    if not user or not user.is_authenticated or not user.can_edit:
        fail(_("Bạn không có quyền sắp xếp đơn vị."))
    existing = [unit for unit in [*plan.predecessors, *plan.successors] if not is_new(unit)]
    # The parents in one query, not one a unit (a province's 222 communes).
    prefetch_related_objects(existing, "committee__place" if plan.cells_subject else "parent")
    parents = [_parent_of(plan, unit) for unit in existing]
    parents += [_parent_of(plan, unit) for unit in plan.successors if is_new(unit)]
    plan.scope = _lowest_common(parents)
    # Units of one parent are refused one by one below; units of several
    # need a place above them all that is the user's.
    several = len({parent.pk for parent in parents if parent is not None}) > 1
    outside = plan.scope is None or not (user.is_superuser or plan.scope.is_within(user.place))
    if outside and (several or plan.scope is None):
        fail(
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
            fail(_("%(unit)s nằm ngoài phạm vi bạn được sắp xếp."), unit=unit)


def _parent_of(plan, unit):
    if plan.cells_subject:
        return (unit.committee or plan.predecessors[0].committee).place
    if is_new(unit):
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
    plan.closed_by_list = _closed_by_list(plan)
    for unit in plan.predecessors:
        start, end = _valid(unit)
        if end is not None and unit.pk not in plan.closed_by_list:
            fail(_("%(unit)s đã hết hiệu lực từ ngày %(date)s."), unit=unit, date=dmy(end))
        if start is not None and start >= date:
            fail(
                _("Ngày hiệu lực %(date)s không sau ngày %(unit)s bắt đầu (%(start)s)."),
                date=dmy(date),
                unit=unit,
                start=dmy(start),
            )
    for unit in plan.successors:
        if is_new(unit) or unit in plan.predecessors:
            continue
        start, end = _valid(unit)
        if end is not None and end < date:
            fail(_("%(unit)s đã hết hiệu lực từ ngày %(date)s."), unit=unit, date=dmy(end))
        first = _first_record(unit)
        if first is not None and first < date:
            fail(
                _(
                    "%(unit)s đã có dữ liệu từ ngày %(first)s, trước ngày hiệu lực %(date)s: "
                    "ngày hiệu lực không được muộn hơn."
                ),
                unit=unit,
                first=dmy(first),
                date=dmy(date),
            )


def _closed_by_list(plan):
    """Communes the official list of 2025 closed on the last day, each linked
    (by the loader, with no reorganisation) to the successors it goes to:
    the reform moves their records now."""
    if plan.subject != Subject.COMMUNE:
        return set()
    closed = [unit for unit in plan.closing if unit.valid_to == plan.last_day]
    links = Succession.objects.filter(predecessor__in=closed, reorganisation__isnull=True)
    linked = {}
    for predecessor, successor in links.values_list("predecessor_id", "successor_id"):
        linked.setdefault(predecessor, set()).add(successor)
    found = set()
    for unit in closed:
        targets = {getattr(plan.successors[i], "pk", None) for i in plan.targets[unit.pk]}
        if linked.get(unit.pk) and linked[unit.pk] <= targets:
            found.add(unit.pk)
    return found


def _first_record(unit):
    """The earliest membership or holding start recorded under `unit`."""
    if isinstance(unit, Cell):
        memberships = CellMembership.objects.filter(cell=unit)
        holdings = Holding.objects.filter(post__cell=unit)
    else:
        memberships = CellMembership.objects.under(unit)
        holdings = Holding.objects.under(unit)
    dates = [
        rows.aggregate(first=models.Min("start_date"))["first"] for rows in (memberships, holdings)
    ]
    return min((d for d in dates if d is not None), default=None)


def _check_cycle(plan):
    """No successor may already stand before one of the predecessors."""
    through = CellSuccession if plan.cells_subject else Succession
    targets = {unit.pk for unit in plan.successors if not is_new(unit)}
    targets -= {unit.pk for unit in plan.predecessors}
    frontier, seen = {unit.pk for unit in plan.predecessors}, set()
    while frontier and targets:
        if frontier & targets:
            fail(_("Sắp xếp này tạo thành vòng kế thừa giữa các đơn vị."))
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
        fail(_("Chi bộ còn đảng viên sinh hoạt sau ngày giải thể: chuyển sinh hoạt trước."))


def _divided(plan):
    """Predecessors going to several successors: their hamlets (communes)
    or people (hamlets) are assigned one by one."""
    return [unit for unit in plan.closing if len(plan.targets[unit.pk]) > 1]


def _check_assignments(plan, pairs):
    """{pk: successor index} of what goes where from a divided predecessor:
    every hamlet in force under a divided commune, every person registered
    in a split hamlet, exactly once, to one of the predecessor's successors."""
    divided = [] if plan.cells_subject else _divided(plan)
    if not divided:
        if pairs:
            fail(_("Chỉ khi chia tách mới phân thôn, cá nhân về các đơn vị kế thừa."))
        return {}
    if plan.subject == Subject.COMMUNE:
        units = hamlets_in_force(divided, plan.effective_on).select_related("parent")
        owner = {unit.pk: unit.parent_id for unit in units}
    else:
        units = Person.objects.filter(place__in=divided)
        owner = {unit.pk: unit.place_id for unit in units}
    units = {unit.pk: unit for unit in units}
    assigned = {}
    for unit, successor in pairs:
        index = successor if isinstance(successor, int) else _index_of(plan, successor)
        if unit.pk not in units:
            fail(
                _("%(hamlet)s không thuộc đơn vị được chia tách."),
                hamlet=unit,
            )
        if unit.pk in assigned:
            fail(_("%(hamlet)s được phân về hai đơn vị."), hamlet=unit)
        if index not in plan.targets[owner[unit.pk]]:
            fail(_("%(hamlet)s không thể về %(unit)s."), hamlet=unit, unit=plan.successors[index])
        assigned[unit.pk] = index
    missing = [str(unit) for pk, unit in units.items() if pk not in assigned]
    if missing:
        fail(_("Chưa phân về đơn vị kế thừa: %(hamlets)s."), hamlets=", ".join(missing))
    return assigned


def _index_of(plan, successor):
    if isinstance(successor, int) and 0 <= successor < len(plan.successors):
        return successor
    for index, unit in enumerate(plan.successors):
        if unit is successor or (not is_new(unit) and getattr(successor, "pk", None) == unit.pk):
            return index
    fail(_("%(unit)s không phải đơn vị kế thừa của sắp xếp này."), unit=successor)


def _check_cells_follow(plan):
    """A hamlet cell of a closing commune goes with its hamlet: one whose
    hamlet is no longer in force has nowhere to go."""
    if plan.subject != Subject.COMMUNE:
        return
    stranded = cells_of_communes(plan.closing, plan.effective_on).filter(kind__in=HAMLET_CELL_KINDS)
    stranded = stranded.exclude(hamlet__in=hamlets_in_force(plan.closing, plan.effective_on))
    names = [str(cell) for cell in stranded[:5]]
    if names:
        fail(
            _("%(cells)s thuộc thôn đã hết hiệu lực: giải thể hoặc sáp nhập chi bộ trước."),
            cells=", ".join(names),
        )


def hamlets_in_force(communes, date):
    return Place.objects.filter(parent__in=communes, level=Level.HAMLET).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=date)
    )


def cells_of_communes(communes, date):
    """Cells existing on `date` that hang under `communes` (their own and
    their hamlets')."""
    return Cell.objects.filter(committee__place__in=communes).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date)
    )


# --- counting ------------------------------------------------------------------


def _count(plan):
    """What applying would move, for the preview: one query per kind of row."""
    date, closing = plan.effective_on, plan.closing
    counts = {"closing": len(closing), "new_units": sum(is_new(u) for u in plan.successors)}
    open_on = Q(end_date__isnull=True) | Q(end_date__gte=date)
    cells = moving_cells(plan)
    counts["hamlets"] = (
        hamlets_in_force(closing, date).count() if plan.subject == Subject.COMMUNE else 0
    )
    counts["cells"] = len(cells) if isinstance(cells, list) else cells.count()
    counts["memberships"] = CellMembership.objects.filter(open_on, cell__in=cells).count()
    ceasing = Holding.objects.filter(open_on, post__in=ceasing_posts(plan))
    if plan.copies:
        counts["holdings_carried"] = ceasing.count()
    else:
        plan.ceasing_holdings = list(ceasing.select_related("person", "post__post_type"))
        counts["holdings"] = len(plan.ceasing_holdings)
    places = [] if plan.cells_subject else closing
    people = Person.objects.filter(place__in=places)
    if plan.subject == Subject.COMMUNE:
        people = Person.objects.filter(
            Q(place__in=places) | Q(place__in=hamlets_in_force(closing, date))
        )
    counts["people"] = people.count()
    accounts = get_user_model().objects.filter(place__in=places)
    if any(len(plan.targets[unit.pk]) > 1 for unit in closing):
        plan.ambiguous_accounts = list(accounts)
        counts["accounts"] = 0
    else:
        counts["accounts"] = accounts.count()
    meetings = apps.get_model("meetings", "Meeting").objects.filter(cell__in=cells)
    counts["meetings"] = meetings.filter(date__lt=date).count()
    counts["meetings_moved"] = meetings.filter(date__gte=date).count()
    plan.counts = counts


def moving_cells(plan):
    """The cells whose records go on elsewhere: copied (communes, copied
    hamlets and cells) or merged into a successor cell. A commune's, as a
    query (a province holds thousands); the others' read once, as they
    stand before the plan is applied, and kept on the plan."""
    if plan.merged_cells is None:
        cells = _moving_cells(plan)
        plan.merged_cells = cells if plan.subject == Subject.COMMUNE else list(cells)
    return plan.merged_cells


def _moving_cells(plan):
    date = plan.effective_on
    existing = Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=date)
    if plan.subject == Subject.COMMUNE:
        return cells_of_communes(plan.closing, date)
    if plan.cells_subject:
        return Cell.objects.filter(existing, pk__in=[c.pk for c in plan.closing])
    return Cell.objects.filter(existing, hamlet__in=plan.closing, kind__in=HAMLET_CELL_KINDS)


def ceasing_posts(plan):
    """Posts whose holders stop on the last day: the moving cells' own and
    the closed hamlets' (the hamlets under closed communes for a commune,
    as a query; the others' read once and kept, as `moving_cells`)."""
    if plan.ceasing_posts is not None:
        return plan.ceasing_posts
    cells = moving_cells(plan)
    if plan.subject == Subject.COMMUNE:
        hamlets = hamlets_in_force(plan.closing, plan.effective_on)
    else:
        hamlets = [] if plan.cells_subject else list(plan.closing)
    posts = Post.objects.filter(Q(cell__in=cells) | Q(place__in=hamlets, cell=None))
    if plan.subject != Subject.COMMUNE:
        posts = list(posts.values_list("pk", flat=True))
    plan.ceasing_posts = posts
    return posts
