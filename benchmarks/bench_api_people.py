"""api_people: requests per second of `/api/v1/people/?place=<a district>`
against a trivial authenticated endpoint (`/api/v1/me/`) of the same
gunicorn server in the same run. Target: ratio >= 0.4.

The server runs in other processes, which cannot see the runner's
rolled-back transaction, so this benchmark builds a database of its own: a
generated province (DISTRICTS districts × COMMUNES communes × HAMLETS
hamlets, PEOPLE_PER_HAMLET people in each), a district staff account and its
token, in a temporary SQLite file — or, when the runner is on PostgreSQL, in
a database created next to the runner's and dropped afterwards. gunicorn
listens on a free loopback port; the two endpoints are requested one request
at a time in alternating rounds, so a busy machine slows both alike (at most
REQUESTS each, SECONDS overall).
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from benchmarks import benchmark

DISTRICTS = 10
COMMUNES = 12
HAMLETS = 8
PEOPLE_PER_HAMLET = 20
REQUESTS = 400
ROUNDS = 8
SECONDS = 40.0
WORKERS = 2
ROOT = Path(__file__).resolve().parent.parent
FAMILY = ["Nguyễn", "Lò", "Hà", "Lê", "Phạm", "Vi", "Lương", "Cầm", "Đỗ", "Trần"]
MIDDLE = ["Văn", "Thị", "Đức", "Thu", "Minh", "Ngọc"]
GIVEN = ["Un", "Hạnh", "Thuận", "Lan", "Bình", "Hiền", "Khánh", "Sơn", "Tuấn", "Ánh", "Ân"]


def generate():
    """Fill the (empty, migrated) database; print the token and the district
    code. Runs in a subprocess with DATABASE_URL pointing at the new database."""
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from benchmarks.places import staff_user
    from cells.constants import PlaceKind
    from cells.models import Person, Place

    with transaction.atomic():
        province = Place.objects.create(name="Thanh Hóa", kind=PlaceKind.PROVINCE, code="38")
        people = []
        for district_number in range(1, DISTRICTS + 1):
            district = Place.objects.create(
                name=f"Huyện {district_number}",
                kind=PlaceKind.RURAL_DISTRICT,
                code=f"{300 + district_number}",
                parent=province,
            )
            for commune_number in range(1, COMMUNES + 1):
                commune = Place.objects.create(
                    name=f"Xã {district_number}-{commune_number}",
                    kind=PlaceKind.COMMUNE,
                    code=f"{district_number:02d}{commune_number:03d}",
                    parent=district,
                )
                for hamlet_number in range(1, HAMLETS + 1):
                    hamlet = Place.objects.create(
                        name=f"Bản {hamlet_number}", kind=PlaceKind.MOUNTAIN_VILLAGE, parent=commune
                    )
                    for number in range(PEOPLE_PER_HAMLET):
                        seed = district_number * 7919 + commune_number * 104729 + number * 31
                        person = Person(
                            full_name=" ".join(
                                (
                                    FAMILY[seed % len(FAMILY)],
                                    MIDDLE[(seed // 7) % len(MIDDLE)],
                                    GIVEN[(seed // 11 + hamlet_number) % len(GIVEN)],
                                )
                            ),
                            sex="nam" if number % 2 else "nu",
                            place=hamlet,
                        )
                        person.fill_derived_fields()
                        people.append(person)
        Person.objects.bulk_create(people, batch_size=2000)
        target = Place.objects.get(code="301", kind=PlaceKind.RURAL_DISTRICT)
        user = staff_user(target, username="bench-api")
        token, _created = Token.objects.get_or_create(user=user)
    print(token.key, target.code, Person.objects.within(target).count(), Person.objects.count())


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _own_database(scratch):
    """(DATABASE_URL for the server, teardown) next to the runner's database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"sqlite:///{scratch}/api_people.sqlite3", lambda: None
    import psycopg

    settings = connection.settings_dict
    name = f"bench_api_people_{os.getpid()}"
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": settings["NAME"],
    }

    def execute(statement):
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(statement)

    execute(f'DROP DATABASE IF EXISTS "{name}"')
    execute(f'CREATE DATABASE "{name}"')
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    url = f"postgres://{credentials}{host}/{name}"
    return url, lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _get(port, path, token):
    """One GET on a new connection (gunicorn's sync workers close them)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "GET", path, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")


def _requests_per_second(port, paths, token):
    """Requests per second of each path, measured in alternating rounds so
    that a busy machine slows both alike; bounded by REQUESTS per path and
    SECONDS overall."""
    per_round = max(1, REQUESTS // ROUNDS)
    counts = dict.fromkeys(paths, 0)
    elapsed = dict.fromkeys(paths, 0.0)
    deadline = time.perf_counter() + SECONDS
    for _ in range(ROUNDS):
        for path in paths:
            start = time.perf_counter()
            for _ in range(per_round):
                _get(port, path, token)
            elapsed[path] += time.perf_counter() - start
            counts[path] += per_round
        if time.perf_counter() > deadline:
            break
    return [counts[path] / elapsed[path] for path in paths]


def _wait_for(port, server):
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


@benchmark("api_people")
def api_people():
    scratch = tempfile.mkdtemp(prefix="bench-api-people-")
    url, drop_database = _own_database(scratch)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DJANGO_DEBUG": "0",
        "MEDIA_ROOT": f"{scratch}/media",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    server = None
    try:
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        generated = subprocess.run(
            [python, "-c", "import django; django.setup(); "
             "from benchmarks.bench_api_people import generate; generate()"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        token, district, district_people, people = generated.stdout.split()[-4:]
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(python).with_name("gunicorn")),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        _wait_for(port, server)
        people_path = f"/api/v1/people/?place={district}"
        trivial_path = "/api/v1/me/"
        # Warm-up (imports, caches of both workers), not measured.
        for _ in range(2 * WORKERS):
            for path in (people_path, trivial_path):
                _get(port, path, token)
        trivial, people_rps = _requests_per_second(port, [trivial_path, people_path], token)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database()
        shutil.rmtree(scratch, ignore_errors=True)
    return {
        "people_rps": people_rps,
        "trivial_rps": trivial,
        "ratio": people_rps / trivial,
        "district_people": int(district_people),
        "people": int(people),
        "page_size": 50,
        "workers": WORKERS,
        "target_ratio": 0.4,
    }
