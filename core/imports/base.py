"""What every import shares: check all rows, then write all of them or none.

Why not django-import-export's row machinery: it resolves foreign keys,
validates and saves one row at a time (several queries per row), which cannot
meet the benchmark (10,000 rows within 1.5x of a raw openpyxl read +
bulk_create, under 200 queries). These importers read with
`reading.read_table` (openpyxl read-only), prefetch every lookup into dicts
with a fixed number of queries, check every row in Python, and bulk_create in
one transaction. The admin flow stays the one import-export users know
(upload, errors or preview, confirm): see `core.imports.admin`.
"""

import contextlib
import sqlite3
from dataclasses import dataclass, field

from auditlog.context import auditlog_value
from django.db import connection, transaction

from core.audit import acting_as, log_bulk_create

from .reading import read_table

# Variables per INSERT on SQLite. Django assumes SQLite's old limit of 999,
# which makes 10,000 people with their holdings ~170 INSERTs and splits 100
# hamlets (11 columns) in two. SQLite allows 32,766 since 3.32, but long
# statements measured slower (CPU), not faster: the values of a big batch
# outlive the young garbage collections and set off full ones, each walking
# every object in the process. BENCH import_people, CPU: 4,000 variables cost
# 0.2-0.4 s more than 999; 1,500 is within noise of 999, fits 100 rows of
# every imported model in one statement and keeps 10,000 rows near 130.
SQLITE_BULK_VARIABLES = 1500


@contextlib.contextmanager
def full_sqlite_batches():
    """Let bulk_create put up to SQLITE_BULK_VARIABLES in one SQLite statement
    (within the library's real limit). Only this connection's features
    change, and only for the block."""
    if connection.vendor != "sqlite":
        yield
        return
    features = connection.features
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    had_own = "max_query_params" in vars(features)
    previous = features.max_query_params
    features.max_query_params = max(previous, min(limit, SQLITE_BULK_VARIABLES))
    try:
        yield
    finally:
        if had_own:
            features.max_query_params = previous
        else:
            del features.max_query_params


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    rows: int
    counts: dict = field(default_factory=dict)  # label -> number of records created
    preview: list = field(default_factory=list)  # first rows as (row number, [cells])
    written: bool = False


class Importer:
    """Subclasses set `columns`, `permission`, `title`, and implement
    `plan(table)` (validate every row, record errors on the table, return a
    plan object) and `write(plan)` (bulk-create it; returns counts)."""

    columns = []
    permission = ""
    title = ""
    preview_rows = 20

    def __init__(self, user):
        self.user = user

    def has_permission(self):
        return self.user.is_active and self.user.has_perm(self.permission)

    def run(self, upload, *, commit=True):
        """Read `upload`, check every row and, when all are good and `commit`,
        write them in one transaction. Raises UploadError or ImportFailed;
        nothing is written then."""
        table = read_table(upload, self.columns)
        with transaction.atomic():
            plan = self.plan(table)
            table.raise_errors()
            summary = ImportSummary(rows=len(table.rows), counts=self.count(plan))
            summary.preview = [
                (row.number, [row.text(column.key) for column in self.columns])
                for row in table.rows[: self.preview_rows]
            ]
            if commit:
                with full_sqlite_batches(), self.acting():
                    self.write(plan)
                summary.written = True
        return summary

    def plan(self, table):
        raise NotImplementedError

    def count(self, plan):
        raise NotImplementedError

    def write(self, plan):
        raise NotImplementedError

    def acting(self):
        """Audit entries name the importing user, also outside a request
        (commands, tasks), keeping the request's address when there is one."""
        current = auditlog_value.get(None) or {}
        return acting_as(self.user, remote_addr=current.get("remote_addr"))

    def announce(self, model, objects):
        """Put bulk-created `objects` on the audit trail (bulk_create sends no
        signals), in the import's transaction."""
        log_bulk_create(objects)
