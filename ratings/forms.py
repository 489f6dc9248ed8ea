"""Reading the rating grid's POST into `services.Entry` rows.

Field names: `p-<row>-<criterion id>` (points), `m-<row>-<code>` (a
requirement met), `v-<row>-<code>` (a veto), where <row> is a member id or
`screen.CELL_ROW`; `row` lists the rows sent. A row left wholly blank is
not rated yet and is skipped; a row partly filled goes to the service,
which names every missing or wrong value."""

from django.utils.translation import gettext as _

from .screen import CELL_ROW
from .services import Entry


def read_grid(post, grid, user):
    """(entries, typed, problems): the entries to save, what was typed by
    row key (to show it again after a refused save), and the rows that are
    not on this screen (a member of another cell, a forged id)."""
    rows = {row.key: row for row in grid.rows}
    rows[CELL_ROW] = grid.cell_row
    entries, typed, problems = [], {}, []
    for key in dict.fromkeys(post.getlist("row")):
        row = rows.get(key)
        if row is None:
            problems.append(
                _("Dòng “%(key)s”: không phải đảng viên của chi bộ trong kỳ đánh giá.")
                % {"key": key}
            )
            continue
        criteria = grid.cell_criteria if key == CELL_ROW else grid.criteria
        points = {c.pk: post.get(f"p-{key}-{c.pk}", "").strip() for c in criteria}
        met = set(_ticked(post, "m", key))
        vetoes = set(_ticked(post, "v", key))
        typed[key] = (points, met, vetoes)
        if not any(points.values()) and not met and not vetoes:
            continue
        entries.append(
            Entry(
                member=row.member,
                points=points,
                met=frozenset(met),
                vetoes=frozenset(vetoes),
                note=row.rating.note if row.rating else "",
                where=row.label,
            )
        )
    return entries, typed, problems


def _ticked(post, prefix, key):
    start = f"{prefix}-{key}-"
    return [name[len(start) :] for name, value in post.items() if name.startswith(start) and value]
