"""The 2025 reform of a province, as one reorganisation: every old commune
the official list closed on 30/06/2025 goes into the new commune(s) that
took it over (cells.official_units.reform_2025_mapping), with its hamlets,
cells, committees, people and accounts, from 01/07/2025.

`load_admin_units --list both` (or `2025`) writes the new communes, closes
the old units and links each old commune to the new one that took its seat;
this moves what was recorded under them. A commune divided among several
new communes waits until staff say where each of its hamlets goes (a
workbook to the command, or a split in the admin): nothing is guessed. What
waits is listed, and running it again does the rest and changes nothing
already done.
"""

import dataclasses

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from core.imports.reading import Column, read_table
from core.vietnamese import fold

from ..constants import Level
from ..constants import ReorganisationKind as Kind
from ..constants import ReorganisationSubject as Subject
from ..imports.lookups import commune_code, hamlet_keys
from ..models import Cell, Place
from ..official_units import LAST_LEGACY_DAY, REFORM_DAY, reform_2025_mapping
from .apply import apply_reorganisation
from .plans import fail, hamlets_in_force, plan_reorganisation

DECIDED_BY = "Ủy ban Thường vụ Quốc hội"
ASSIGNMENT_COLUMNS = [
    Column("old_code", "Mã xã cũ", required=True),
    Column("hamlet", "Thôn", required=True, aliases=("Tên thôn", "Thôn, tổ dân phố")),
    Column("new_code", "Mã xã mới", required=True),
]


@dataclasses.dataclass
class Waiting:
    """A divided commune whose hamlets are not all assigned yet."""

    commune: Place
    successors: list
    hamlets: list  # in force, not assigned


@dataclasses.dataclass
class Reform:
    """What the reform of a province did now, and what waits for staff."""

    province: Place
    reorganisation: object = None
    plan: object = None
    waiting: list = dataclasses.field(default_factory=list)
    district_accounts: list = dataclasses.field(default_factory=list)
    district_cells: list = dataclasses.field(default_factory=list)

    @property
    def communes(self):
        return self.plan.predecessors if self.plan else []


def reform_2025(
    *, user, province_code, assignments=(), decision_number="", decision_date=None, dry_run=False
):
    """Apply the 2025 reform to the province `province_code` (a 2025 code)
    for `user`, with `assignments` ((hamlet, new commune) pairs) for the
    divided communes. Returns a Reform; with `dry_run`, the plan only."""
    province = _province(province_code)
    mapping = reform_2025_mapping(province.code)
    old = _old_communes(province, mapping)
    new = _new_communes(province, mapping)
    targets = {unit: [new[code] for code in mapping[unit.code] if code in new] for unit in old}
    given = {hamlet.pk: commune for hamlet, commune in assignments}
    reform = Reform(province=province)
    ready, pairs = [], []
    for unit in old:
        hamlets = list(hamlets_in_force([unit], REFORM_DAY)) if len(targets[unit]) > 1 else []
        missing = [hamlet for hamlet in hamlets if hamlet.pk not in given]
        if missing:
            reform.waiting.append(Waiting(unit, targets[unit], missing))
            continue
        ready.append(unit)
        pairs += [(hamlet, given[hamlet.pk]) for hamlet in hamlets]
    _districts(reform, province)
    if not ready:
        return reform
    successors = list({unit.pk: unit for units in targets.values() for unit in units}.values())
    reform.plan = plan_reorganisation(
        user=user,
        kind=Kind.REARRANGE,
        subject=Subject.COMMUNE,
        effective_on=REFORM_DAY,
        predecessors=ready,
        successors=successors,
        targets={unit: targets[unit] for unit in ready},
        assignments=pairs,
        decision_number=decision_number,
        decision_date=decision_date,
        decided_by=DECIDED_BY,
    )
    if not dry_run:
        reform.reorganisation = apply_reorganisation(plan=reform.plan)
    return reform


def _province(code):
    province = Place.objects.by_code(code, level=Level.PROVINCE, on=REFORM_DAY)
    if province is None:
        fail(
            _(
                "Chưa có tỉnh mã %(code)s theo danh mục 2025: chạy trước "
                "“manage.py load_admin_units --province %(code)s --list both”."
            ),
            code=code,
        )
    return province


def _old_communes(province, mapping):
    """Old communes of the province closed by the list and not moved yet."""
    moved = Q(
        successions_from__reorganisation__isnull=False,
        successions_from__reorganisation__undone_at__isnull=True,
    )
    rows = (
        Place.objects.within(province)
        .communes()
        .filter(valid_to=LAST_LEGACY_DAY, code__in=list(mapping))
    )
    return list(rows.exclude(moved).select_related("parent").order_by("code"))


def _new_communes(province, mapping):
    codes = {code for codes in mapping.values() for code in codes}
    rows = Place.objects.under(province).communes().filter(valid_from=REFORM_DAY, code__in=codes)
    return {unit.code: unit for unit in rows}


def _districts(reform, province):
    """Accounts of the closed districts, which keep reading their history,
    and the district committees' own cells, which wait for staff to move
    them to a commune or the province."""
    districts = Place.objects.within(province).filter(
        level=Level.DISTRICT, valid_to=LAST_LEGACY_DAY
    )
    reform.district_accounts = list(
        get_user_model().objects.filter(place__in=districts, is_active=True).select_related("place")
    )
    cells = Cell.objects.filter(path__in=districts.values("path")).existing_on(REFORM_DAY)
    reform.district_cells = list(cells.select_related("committee"))


def read_assignments(upload, province_code):
    """(hamlet, new commune) pairs from a workbook of the divided communes'
    hamlets: Mã xã cũ, Thôn, Mã xã mới. All or nothing: every bad row is
    named with its column (ImportFailed)."""
    province = _province(province_code)
    mapping = reform_2025_mapping(province.code)
    table = read_table(upload, ASSIGNMENT_COLUMNS)
    old = {unit.code: unit for unit in _old_communes(province, mapping)}
    new = _new_communes(province, mapping)
    hamlets = _hamlets_by_name(old.values())
    pairs, seen = [], {}
    for row in table.rows:
        pair = _assignment(row, old, new, mapping, hamlets, seen)
        if pair:
            pairs.append(pair)
    table.raise_errors()
    return pairs


def _hamlets_by_name(communes):
    found = {}
    for hamlet in hamlets_in_force(list(communes), REFORM_DAY):
        for key in hamlet_keys(hamlet):
            found[(hamlet.parent_id, key)] = hamlet
    return found


def _assignment(row, old, new, mapping, hamlets, seen):
    old_code, new_code = commune_code(row, "old_code"), commune_code(row, "new_code")
    name = row.text("hamlet", required=True)
    commune = old.get(old_code)
    if commune is None:
        row.error("old_code", _("Không phải mã một xã cũ của tỉnh còn chờ sắp xếp."))
        return None
    if len(mapping[old_code]) < 2:
        row.error("old_code", _("Xã này không chia về nhiều xã mới: không cần phân thôn."))
        return None
    hamlet = hamlets.get((commune.pk, fold(name)))
    if hamlet is None:
        message = _("%(commune)s không có thôn “%(name)s”.")
        row.error("hamlet", message % {"commune": commune, "name": name})
        return None
    if new_code not in mapping[old_code] or new_code not in new:
        choices = ", ".join(mapping[old_code])
        row.error("new_code", _("Xã cũ này chỉ chia về các xã mã %(codes)s.") % {"codes": choices})
        return None
    if hamlet.pk in seen:
        row.error("hamlet", _("Thôn đã được phân ở dòng %(row)s.") % {"row": seen[hamlet.pk]})
        return None
    seen[hamlet.pk] = row.number
    return hamlet, new[new_code]
