"""Import hamlets (thôn, bản, khu phố, tổ dân phố …), optionally with their
party cell.

A hamlet is identified by its commune and its folded name: a second row, or a
hamlet in force, with the same name in the same commune is a duplicate. A
commune without a party committee gets one ("Đảng bộ xã …") when a cell is
asked for.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.constants import KIND_LEVEL, CellKind, Level, PlaceKind
from cells.models import Cell, PartyCommittee, Place
from core.imports.base import Importer
from core.imports.reading import Column
from core.vietnamese import fold

from .lookups import PlaceLookup, commune_code, hamlet_keys

COLUMNS = [
    Column("commune_code", "Mã xã", required=True),
    Column("name", "Tên thôn", required=True, aliases=("Thôn", "Tên thôn, bản, tổ dân phố")),
    Column("kind", "Loại", aliases=("Loại thôn",)),
    Column("founded_on", "Ngày thành lập"),
    Column("cell_name", "Tên chi bộ", aliases=("Chi bộ",)),
]

HAMLET_KINDS = [kind for kind, level in KIND_LEVEL.items() if level == Level.HAMLET]
KIND_CHOICES = {fold(kind.label): kind for kind in HAMLET_KINDS} | {
    "tdp": PlaceKind.RESIDENTIAL_GROUP,
    "to": PlaceKind.RESIDENTIAL_GROUP,
    "khu": PlaceKind.URBAN_QUARTER,
}
CELL_KIND_OF = {
    PlaceKind.MOUNTAIN_VILLAGE: CellKind.MOUNTAIN_VILLAGE,
    PlaceKind.URBAN_QUARTER: CellKind.URBAN_QUARTER,
    PlaceKind.SUBDIVISION: CellKind.URBAN_QUARTER,
    PlaceKind.RESIDENTIAL_GROUP: CellKind.RESIDENTIAL_GROUP,
}
# "Có" / "x" in the cell column asks for a cell with the default name.
YES = {"co", "x", "1"}


def kind_from_name(name):
    """The kind a name starts with ("Bản Na Hồ" is a bản), or None."""
    folded = fold(name)
    for label in sorted(KIND_CHOICES, key=len, reverse=True):
        if folded.startswith(label + " "):
            return KIND_CHOICES[label]
    return None


@dataclass
class HamletPlan:
    hamlets: list = field(default_factory=list)
    committees: list = field(default_factory=list)
    cells: list = field(default_factory=list)


class HamletImport(Importer):
    """Hamlets: "Mã xã | Tên thôn | Loại | Ngày thành lập | Tên chi bộ"."""

    columns = COLUMNS
    permission = "cells.add_place"
    title = gettext_lazy("Nhập thôn, tổ dân phố")

    def plan(self, table):
        places = PlaceLookup(self.user, {commune_code(row, "commune_code") for row in table.rows})
        committees = {
            committee.place_id: committee
            for committee in PartyCommittee.objects.filter(
                place__in=list(places.communes.values()), dissolved_on__isnull=True
            ).select_related("place")
        }
        seen = {}
        plan = HamletPlan()
        for row in table.rows:
            commune = places.commune(row, "commune_code", commune_code(row, "commune_code"))
            hamlet = self._hamlet(row, commune, places, seen)
            cell_name = row.text("cell_name", max_length=160)
            if hamlet is None:
                continue
            plan.hamlets.append(hamlet)
            if cell_name:
                plan.cells.append(self._cell(hamlet, commune, cell_name, committees, plan))
        return plan

    def count(self, plan):
        return {
            _("thôn mới"): len(plan.hamlets),
            _("chi bộ mới"): len(plan.cells),
            _("đảng bộ xã mới"): len(plan.committees),
        }

    def write(self, plan):
        for hamlet in plan.hamlets:
            hamlet.fill_derived_fields()
        Place.objects.bulk_create(plan.hamlets)
        # The path holds the hamlet's own id, known only once it is inserted:
        # one UPDATE for all of them (bulk_update would batch by row count).
        communes = {hamlet.parent_id for hamlet in plan.hamlets}
        parent_path = Place.objects.filter(pk=OuterRef("parent_id")).values("path")
        Place.objects.filter(parent__in=communes, path="").update(
            path=Concat(Subquery(parent_path), Cast("id", CharField()), Value("/"))
        )
        for hamlet in plan.hamlets:
            hamlet.path = f"{hamlet.parent.path}{hamlet.pk}/"
        PartyCommittee.objects.bulk_create(plan.committees)
        for cell in plan.cells:
            cell.fill_derived_fields()
        Cell.objects.bulk_create(plan.cells)
        self.announce(Place, plan.hamlets)
        self.announce(PartyCommittee, plan.committees)
        self.announce(Cell, plan.cells)

    def _hamlet(self, row, commune, places, seen):
        name = row.text("name", required=True, max_length=120)
        kind = row.choice("kind", KIND_CHOICES) if not row.is_blank("kind") else None
        founded_on = row.date("founded_on")
        if commune is None or not name:
            return None
        kind = kind or kind_from_name(name)
        if kind is None:
            if row.is_blank("kind"):
                row.error("kind", _("Cần ghi loại: thôn, bản, khu phố, tiểu khu, tổ dân phố…"))
            return None
        hamlet = Place(name=name, kind=kind, parent=commune, valid_from=founded_on, path="")
        keys = [(commune.code, key) for key in hamlet_keys(hamlet)]
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier:
            row.error("name", _("Trùng với dòng %(row)s.") % {"row": earlier})
            return None
        if any(key in places.hamlets for key in keys):
            row.error(
                "name",
                _("%(commune)s đã có thôn “%(name)s”.") % {"commune": commune, "name": name},
            )
            return None
        seen.update(dict.fromkeys(keys, row.number))
        return hamlet

    def _cell(self, hamlet, commune, cell_name, committees, plan):
        if fold(cell_name) in YES:
            cell_name = hamlet.cell_name()
        committee = committees.get(commune.pk)
        if committee is None:
            committee = PartyCommittee(name=_("Đảng bộ %(commune)s") % {"commune": commune})
            committee.place = commune
            committees[commune.pk] = committee
            plan.committees.append(committee)
        return Cell(
            name=cell_name,
            kind=CELL_KIND_OF.get(hamlet.kind, CellKind.VILLAGE),
            committee=committee,
            hamlet=hamlet,
            founded_on=hamlet.valid_from,
        )
