"""The writer of a reorganisation: every change set-based, remembered in the
journal that undo replays backwards (`Reorganisation.journal`).

A reorganisation is one operation on the audit trail (one entry, with its
counts, beside the journal), not an entry per row: the 2025 reform of a
province rewrites hundreds of thousands of memberships, and one entry per
row would cost more than the rewrite itself.
"""

import datetime
import json
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.expressions import RawSQL

# Rows named in one statement: well under SQLite's limit on parameters.
CHUNK = 5000


def chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def listed(pks):
    """The ids `pks` as a subquery of one parameter however many they are,
    so that a statement on a province's rows stays one statement (a list of
    literals would need one per CHUNK, and Django prepares each literal in
    Python)."""
    pks = list(pks)
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [pks])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)])


def given_rows(names, rows, types):
    """SQL of `rows` (tuples, of ints or of `types`' PostgreSQL types) as a
    table with columns `names`, and its parameters: an array a column on
    PostgreSQL, one JSON array on SQLite, however many rows."""
    if connection.vendor == "postgresql":
        arrays = [list(column) for column in zip(*rows, strict=True)] or [[] for _name in names]
        casts = ", ".join(f"%s::{kind}[]" for kind in types)
        return f"SELECT * FROM unnest({casts}) AS given({', '.join(names)})", arrays
    columns = ", ".join(f"json_extract(value, '$[{i}]') AS {name}" for i, name in enumerate(names))
    return f"SELECT {columns} FROM json_each(%s)", [json.dumps(rows)]


def given_pairs(pairs):
    """SQL of rows (old, new) from `pairs` [(old pk, new pk), ...]."""
    return given_rows(("old", "new"), pairs, ("bigint", "bigint"))


def new_ids(*wanted):
    """For each (model, count) of `wanted`, `count` ids no row of the model
    has had, in one query: rows written with their ids given, so that each
    copy is paired with its original before it is written. PostgreSQL takes
    them from the tables' sequences; on SQLite they follow the largest ever
    given, and no other connection can write until this transaction ends
    (it holds the write lock since its first write)."""
    if not any(count for _model, count in wanted):
        return [[] for _wanted in wanted]
    parts, params = [], []
    for model, count in wanted:
        name, pk = model._meta.db_table, model._meta.pk.column
        if connection.vendor == "postgresql":
            parts.append(
                "(SELECT array_agg(nextval(pg_get_serial_sequence(%s, %s))) "
                "FROM generate_series(1, %s))"
            )
            params += [name, pk, count]
        else:
            largest = f"SELECT MAX({connection.ops.quote_name(pk)}) FROM {table(model)}"
            given = "SELECT seq FROM sqlite_sequence WHERE name = %s"
            parts.append(f"MAX(COALESCE(({largest}), 0), COALESCE(({given}), 0))")
            params.append(name)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        found = cursor.fetchone()
    if connection.vendor == "postgresql":
        return [list(ids or []) for ids in found]
    return [
        list(range(last + 1, last + 1 + count))
        for last, (_model, count) in zip(found, wanted, strict=True)
    ]


def jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


class Writer:
    """Writes one reorganisation and keeps what it changed: the rows it
    created, by model, and the rows it updated with their former values
    (grouped by those values, so the journal of a province stays short)."""

    def __init__(self, reorganisation):
        self.reorganisation = reorganisation
        self.created = defaultdict(list)  # model label -> pks
        self.updated = []  # [model label, [pks], {column: old value}]

    def create(self, model, rows):
        """bulk_create `rows` (model instances); returns them with their pks."""
        rows = model.objects.bulk_create(rows, batch_size=1000)
        self.created[model._meta.label].extend(row.pk for row in rows)
        return rows

    def insert(self, model, columns, select, params):
        """INSERT INTO `model` (`columns`) `select` — one statement however
        many rows the SELECT gives; returns how many."""
        names = ", ".join(column(model, name) for name in columns)
        pk = connection.ops.quote_name(model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table(model)} ({names}) {select} RETURNING {pk}", params)
            pks = [row[0] for row in cursor.fetchall()]
        self.created[model._meta.label].extend(pks)
        return len(pks)

    def link(self, through, pairs, **values):
        """A row of `through` (Succession, CellSuccession) linking each
        (predecessor pk, successor pk) of `pairs` by this reorganisation,
        other columns `values`: one INSERT ... SELECT rather than a model
        instance a link (a province's hamlets and cells: 10,000)."""
        if not pairs:
            return 0
        values = {"reorganisation": self.reorganisation.pk, **values}
        given, params = given_pairs(pairs)
        constants = "".join(", %s" for _value in values)
        return self.insert(
            through,
            ["predecessor", "successor", *values],
            f"SELECT given.old, given.new{constants} FROM ({given}) given",
            [*values.values(), *params],
        )

    def update(self, rows, **values):
        """UPDATE the rows of queryset `rows` to `values` (values or
        expressions), remembering their former values; returns how many."""
        model = rows.model
        names = [model._meta.get_field(name).attname for name in values]
        # Read as stored and unordered: a model's default ordering would sort
        # a province's memberships by their members' names, and Django's
        # converters cost more than the read (a date is JSON either way).
        query = rows.order_by().values_list("pk", *names).query
        try:
            sql, params = query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # a filter on an empty list
            return 0
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if not found:
            return 0
        self._remember(model, names, found)
        model.objects.filter(pk__in=listed(row[0] for row in found)).update(**values)
        return len(found)

    def repoint(self, model, field, pairs, params, where="", where_params=()):
        """Point `field` of the rows of `model` that point at an old unit of
        `pairs` (SQL giving `old`, `new` columns) at the new one, where
        `where` (SQL on the row) holds; returns how many."""
        name = column(model, field)
        condition = f"{name} IN (SELECT old FROM ({pairs}) pairs)"
        if where:
            condition += f" AND {where}"
        pk = connection.ops.quote_name(model._meta.pk.column)
        rows = table(model)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {pk}, {name} FROM {rows} WHERE {condition}",
                [*params, *where_params],
            )
            found = cursor.fetchall()
            if not found:
                return 0
            self._remember(model, [model._meta.get_field(field).attname], found)
            # A join with the pairs (each old unit has one new one), not a
            # subquery per row, which read all the reorganisation's pairs
            # for every row moved: a generated province's people took 311 s
            # on PostgreSQL, its meetings 18 s on SQLite; joined, 30 s (as
            # long as a bare UPDATE of them) and 0.3 s.
            cursor.execute(
                f"UPDATE {rows} SET {name} = pairs.new FROM ({pairs}) pairs "
                f"WHERE pairs.old = {rows}.{name}" + (f" AND {where}" if where else ""),
                [*params, *where_params],
            )
        return len(found)

    def _remember(self, model, names, found):
        # Grouped by the values as read, made JSON once per group: a
        # province's memberships are a few groups of 200,000 rows.
        groups = defaultdict(list)
        for row in found:
            groups[row[1:]].append(row[0])
        for old, pks in groups.items():
            old = {name: jsonable(value) for name, value in zip(names, old, strict=True)}
            self.updated.append([model._meta.label, pks, old])

    def journal(self):
        return {"created": dict(self.created), "updated": self.updated}


# --- replaying backwards ---------------------------------------------------------


def delete_created(label, pks):
    """Delete rows the reorganisation created. Straight DELETEs, in
    UNDO_ORDER (undo.py) so no row outlives what it points at: nothing was
    recorded on them since (undo checks), so nothing else points at them."""
    model = apps.get_model(label)
    for part in chunks(pks):
        model.objects.filter(pk__in=part)._raw_delete(model.objects.db)


def restore(label, pks, old):
    model = apps.get_model(label)
    for part in chunks(pks):
        model.objects.filter(pk__in=part).update(**old)
