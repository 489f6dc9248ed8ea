"""dashboard_commune and dashboard_province: median server time of the
dashboards over repeated requests through the Django test client, and their
queries, on generated data (fixtures.synthetic).

dashboard_commune measures a commune's dashboard on a demo-size database
(12 communes × 8 hamlets × 44 members, like Quan Sơn) and again once a
province-scale one sits next to it (default 166 communes × 30 hamlets × 45
members × 3 years; BENCH_SCALE=0.1 makes it a tenth as many communes), and
prints the ratio. Target: ≤ 15 queries per page, ratio ≤ 1.5.
dashboard_province measures the province's dashboard (one row per commune)
on the same province-scale data; dashboard_commune leaves its figures here
so the province is generated once per run.
"""

import datetime
import logging
import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks import benchmark, timed
from cells.constants import Role
from cells.models import Place
from fixtures.synthetic.generator import Plan, generate

logging.getLogger("axes").setLevel(logging.WARNING)  # one line per sign-in otherwise

REPEATS = 15
DATE = "2025-06-30"
_province_figures = {}


def scale():
    return float(os.environ.get("BENCH_SCALE", "1"))


def province_plan():
    return Plan(communes=max(2, round(166 * scale())), province_code="98", seed=7)


def _user(place, username):
    from portal.models import User

    return User.objects.create(username=username, place=place, role=Role.OFFICER, is_staff=True)


def measure(path, user):
    """(median milliseconds, queries) of GET `path` as `user`."""
    client = Client(HTTP_HOST="localhost")  # an allowed host (no test environment here)
    client.force_login(user)
    client.get(path)  # warm up: templates, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    queries = [
        q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries)


def _first_commune(province):
    return Place.objects.within(province).communes().order_by("code").first()


@benchmark("dashboard_commune")
def dashboard_commune():
    demo = generate(
        Plan(communes=12, hamlets_per_commune=8, members_per_cell=44, province_code="97"),
        log=lambda line: None,
    )
    commune = _first_commune(demo)
    path = f"/dashboard/{commune.code}/?date={DATE}"
    demo_ms, demo_queries = measure(path, _user(commune, "bench-demo"))

    with timed() as generation:
        province = generate(province_plan(), log=lambda line: None)
    big_commune = _first_commune(province)
    big_path = f"/dashboard/{big_commune.code}/?date={DATE}"
    officer = _user(big_commune, "bench-big")
    big_ms, big_queries = measure(big_path, officer)
    again_ms, _queries = measure(path, _user(commune, "bench-demo-2"))

    province_ms, province_queries = measure(
        f"/dashboard/{province.code}/?date={DATE}", _user(province, "bench-province")
    )
    communes = Place.objects.within(province).communes().count()
    _province_figures.update(communes=communes, median_ms=province_ms, queries=province_queries)
    return {
        "communes_in_province": communes,
        "generation_s": generation.seconds,
        "demo_median_ms": demo_ms,
        "demo_queries": demo_queries,
        "province_db_median_ms": big_ms,
        "province_db_queries": big_queries,
        "demo_commune_on_big_db_ms": again_ms,
        "ratio": big_ms / demo_ms,
        "target_ratio": 1.5,
        "target_queries": 15,
    }


@benchmark("dashboard_province")
def dashboard_province():
    if not _province_figures:
        with timed() as generation:
            province = generate(province_plan(), log=lambda line: None)
        median_ms, queries = measure(
            f"/dashboard/{province.code}/?date={DATE}", _user(province, "bench-province")
        )
        _province_figures.update(
            communes=Place.objects.within(province).communes().count(),
            median_ms=median_ms,
            queries=queries,
            generation_s=generation.seconds,
        )
    return {**_province_figures, "target_queries": 15, "date": datetime.date(2025, 6, 30)}
