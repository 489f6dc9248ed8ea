"""Reorganisations (sắp xếp) of communes, hamlets and party cells: checked,
previewed, applied and undone.

`plan_reorganisation` checks a reorganisation and counts what it would move,
writing nothing; `apply_reorganisation` writes it, all or nothing, as one
audited operation; `undo_reorganisation` puts everything back. The admin
(form → preview → confirm), the 2025 reform (`reform.py`, the command
`apply_reform_2025`) and other commands call these, with keyword arguments
only.

A record never moves: what stood under a closed unit stays there, closed
the day before the effective date, so the tree as it stood on any date is
the tree itself read with the records' dates, and a successor's past is
found through its lineage (cells.lineage). How records come through:

- A unit that goes on elsewhere is **copied** from the effective date (a
  hamlet of a merged commune, a renamed or moved hamlet, a renamed cell):
  the new row links to the old one, its cells, posts, the memberships,
  holdings and cadre assignments running on that date start again in the
  copies, and what was recorded under the old unit on or after the date
  (meetings, later memberships and holdings, awards) is moved to the copy.
  People registered there are registered in the copy.
- Units that **merge** into one (hamlets, cells): the closed units' cells
  close; their memberships end with reason "sáp nhập" and start again in the
  successor's cell; holdings of the posts that cease end "sáp nhập", and the
  holders named in `carry_holdings` start in the successor's post of the
  same title. A hamlet **split** sends each person registered there to the
  successor staff assign, and a member's membership to its cell.
- Communes: every hamlet in force under a closed commune is copied under the
  successor it goes to (staff assign them where a commune is divided), its
  own cells of no hamlet and its cadres go to the first successor (the
  seat), its party committee ends and the successors' committees take the
  copied cells. Issuing bodies of closed places end; accounts tied to a
  closed place move to its successor, or are listed where it has several.

Every write is set-based (INSERT … SELECT, UPDATE … WHERE), so the number
of queries grows with the number of units, never with members, holdings or
meetings. What applying changed is kept in `Reorganisation.journal`, which
undo replays backwards.
"""

from .apply import apply_reorganisation
from .plans import (
    NewCell,
    NewPlace,
    ReorganisationError,
    ReorganisationPlan,
    plan_reorganisation,
)
from .undo import undo_reorganisation

__all__ = [
    "NewCell",
    "NewPlace",
    "ReorganisationError",
    "ReorganisationPlan",
    "apply_reorganisation",
    "plan_reorganisation",
    "undo_reorganisation",
]
