"""Benchmarks run by `make bench` (`python -m benchmarks [NAME ...]`).

Adding one: create `benchmarks/bench_<name>.py` with a function decorated by
`@benchmark("<name>")`. The runner imports every `bench_*.py` module in this
package, so nothing else needs registering::

    from benchmarks import benchmark, count_queries, places, timed

    @benchmark("meeting_compliance")
    def meeting_compliance():
        district = places.district(communes=12, hamlets_per_commune=8)
        ...  # build data
        with count_queries() as queries, timed() as clock:
            ...  # the work measured
        return {"rows": 94, "queries": queries.count, "seconds": clock.seconds}

The function returns an ordered mapping of figures; the runner prints one line
`BENCH name=<name> key=value ...` per benchmark (floats rounded to 3 places).
A benchmark measured at several sizes returns a list of mappings: one line each.
Each benchmark runs inside a transaction that is rolled back afterwards, so
every one starts from the freshly migrated database (official post types, no
places): build what you need with `benchmarks.places`.

The database is always a throwaway one: a temporary SQLite file, or, when
DATABASE_URL is set, a `test_` database created on that server and dropped at
the end. var/portal.sqlite3 is never touched.
"""

import contextlib
import time
from dataclasses import dataclass

REGISTRY = {}


def benchmark(name):
    """Register the decorated function as the benchmark `name`."""

    def register(function):
        if name in REGISTRY:
            raise ValueError(f"Two benchmarks are named {name!r}.")
        REGISTRY[name] = function
        return function

    return register


@dataclass
class Clock:
    seconds: float = 0.0
    cpu_seconds: float = 0.0


@contextlib.contextmanager
def timed():
    """Wall-clock seconds of the block in `.seconds`, and this process's CPU
    seconds in `.cpu_seconds` (steadier on a shared machine, but blind to
    time spent in a database server), once it ends."""
    clock = Clock()
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        yield clock
    finally:
        clock.seconds = time.perf_counter() - start
        clock.cpu_seconds = time.process_time() - cpu_start


@dataclass
class QueryCount:
    count: int = 0


@contextlib.contextmanager
def count_queries():
    """Number of SQL statements the block issued, in `.count` (live).

    Counts through an execute wrapper rather than CaptureQueriesContext: the
    latter renders every statement with its parameters, which for a
    10,000-row bulk INSERT costs more than the INSERT itself.
    """
    from django.db import connection

    result = QueryCount()

    def counter(execute, sql, params, many, context):
        result.count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield result
