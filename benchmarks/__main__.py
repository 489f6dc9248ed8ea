"""Run the benchmarks: `python -m benchmarks` runs all, `python -m benchmarks
NAME ...` runs those named. See the package docstring for adding one.

Each benchmark runs in a fresh Python process of its own, on its own
throwaway database: what one leaves in memory (a generated province, caches)
would otherwise weigh on the next, whose garbage collector walks a heap it
did not build (import_people: ratio 1.58 after the others in one process,
1.22-1.40 alone)."""

import importlib
import os
import pkgutil
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django


def _discover():
    package_dir = Path(__file__).resolve().parent
    for module in pkgutil.iter_modules([str(package_dir)]):
        if module.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{module.name}")


def _throwaway_database(scratch):
    """Create and migrate a database nobody else uses; returns its teardown."""
    from django.db import connection

    if connection.vendor == "sqlite":
        # A file, like production, rather than the in-memory default of tests.
        connection.settings_dict["TEST"]["NAME"] = str(Path(scratch) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(old_name, verbosity=0)


def _format(value):
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace(" ", "_")


def _run(name, function):
    from django.db import transaction

    with transaction.atomic():
        figures = function()
        transaction.set_rollback(True)
    for line in figures if isinstance(figures, list) else [figures]:
        pairs = " ".join(f"{key}={_format(value)}" for key, value in line.items())
        print(f"BENCH name={name} {pairs}", flush=True)


def _run_each_in_own_process(names, environment):
    """Run every benchmark named by `python -m benchmarks NAME`; the worst exit code."""
    command = [sys.executable, "-m", "benchmarks"]
    return max(subprocess.call([*command, name], env=environment) for name in names)


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    environment = dict(os.environ)  # before this process points DATABASE_URL at its scratch
    scratch = tempfile.mkdtemp(prefix="portal-bench-")
    if not os.environ.get("DATABASE_URL"):
        # Never the portal's own var/portal.sqlite3: a file in a temporary folder.
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/portal.sqlite3"
    django.setup()
    from benchmarks import REGISTRY

    _discover()
    names = argv or sorted(REGISTRY)
    unknown = [name for name in names if name not in REGISTRY]
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}")
        return 2
    if len(names) > 1:
        shutil.rmtree(scratch, ignore_errors=True)
        return _run_each_in_own_process(names, environment)
    teardown = _throwaway_database(scratch)
    try:
        _run(names[0], REGISTRY[names[0]])
    finally:
        teardown()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
