"""A cell's past: the cells it continues through reorganisations.

A reorganisation never moves a record: a copied cell (a hamlet or commune
merged, renamed, moved) or a merged one starts a new Cell row linked to the
old by `CellSuccession`, and the old row keeps its meetings, ratings and
grants. A cell's history is therefore its own records and those of every
cell it succeeds, however many reorganisations back (the 2025 reform copied
every cell, a 2026 hamlet merger may merge the copy again).

The chain is read with one recursive query for any number of cells, at any
depth: walking the links a generation at a time would cost a query per
reorganisation, and reading every link of the province to walk them in
memory would cost a query as large as the province.
"""

from collections import defaultdict

from django.db import connections

from cells.models import Cell, CellSuccession


def predecessors_of_cells(cells):
    """{cell id: {ids of the cell itself and every cell it succeeds}} for a
    Cell queryset (or a list of cells or ids). One query.

    A cell split among several successors is in the past of each of them: a
    CellSuccession link does not say which part went where.
    """
    roots, params = _roots(cells)
    if roots is None:
        return {}
    links = CellSuccession._meta.db_table
    cell_table = Cell._meta.db_table
    # UNION (not UNION ALL) drops rows already found, so even a cycle of
    # links, which reorganisations refuse, could not loop forever.
    sql = (
        f"WITH RECURSIVE chain(root_id, cell_id) AS ("
        f" SELECT id, id FROM {cell_table} WHERE id IN ({roots})"
        f" UNION"
        f" SELECT chain.root_id, link.predecessor_id FROM {links} link"
        f" JOIN chain ON link.successor_id = chain.cell_id"
        f") SELECT root_id, cell_id FROM chain"
    )
    chains = defaultdict(set)
    with connections[CellSuccession.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        for root, cell in cursor.fetchall():
            chains[root].add(cell)
    return dict(chains)


def _roots(cells):
    """(SQL selecting the ids of `cells`, its parameters): a queryset goes in
    as a subquery, so asking costs no query of its own."""
    if hasattr(cells, "query"):
        return cells.order_by().values("pk").query.sql_with_params()
    ids = sorted({getattr(cell, "pk", cell) for cell in cells})
    if not ids:
        return None, ()
    return ", ".join(["%s"] * len(ids)), ids
