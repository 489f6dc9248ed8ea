"""Shared fixtures: two districts of one province, two communes in the first,
and the four visitors every view is tried by — the staff of the district, an
officer of commune A, an officer of commune B — plus staff of another district.
"""

import importlib

import pytest
from auditlog.context import auditlog_value

from cells.constants import PlaceKind, Role
from tests import factories

PASSWORD = "mat-khau-du-dai-123"


@pytest.fixture
def province(db):
    return factories.ProvinceFactory(name="Thanh Hóa", code="38")


@pytest.fixture
def district(province):
    return factories.DistrictFactory(name="Quan Sơn", code="387", parent=province)


@pytest.fixture
def other_district(province):
    return factories.DistrictFactory(name="Thọ Xuân", code="395", parent=province)


@pytest.fixture
def commune_a(district):
    return factories.CommuneFactory(
        name="Sơn Lư", code="15001", kind=PlaceKind.TOWNSHIP, parent=district
    )


@pytest.fixture
def commune_b(district):
    return factories.CommuneFactory(name="Trung Xuân", code="14995", parent=district)


@pytest.fixture
def commune_other_district(other_district):
    return factories.CommuneFactory(name="Xuân Hồng", code="15700", parent=other_district)


@pytest.fixture
def hamlet_a(commune_a):
    return factories.HamletFactory(name="Khu 1", kind=PlaceKind.URBAN_QUARTER, parent=commune_a)


@pytest.fixture
def hamlet_b(commune_b):
    return factories.HamletFactory(
        name="Bản Din", kind=PlaceKind.MOUNTAIN_VILLAGE, parent=commune_b
    )


@pytest.fixture
def hamlet_other_district(commune_other_district):
    return factories.HamletFactory(name="Thôn 5", parent=commune_other_district)


@pytest.fixture
def district_staff(district):
    return factories.UserFactory(username="quanson", place=district, role=Role.STAFF)


@pytest.fixture
def other_district_staff(other_district):
    return factories.UserFactory(username="thoxuan", place=other_district, role=Role.STAFF)


@pytest.fixture
def officer_a(commune_a):
    return factories.UserFactory(username="sonlu", place=commune_a, role=Role.OFFICER)


@pytest.fixture
def officer_b(commune_b):
    return factories.UserFactory(username="trungxuan", place=commune_b, role=Role.OFFICER)


@pytest.fixture
def login(client):
    """Log `user` in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def no_audit_actor_from_another_test():
    """Every test starts with nobody named on the audit trail, whatever an
    earlier test left in django-auditlog's context variable."""
    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)


# Data migrations that seed reference rows, and their (idempotent) functions.
REFERENCE_SEEDS = [
    ("cells", "0002_post_types_and_single_seat_constraint", "seed_post_types"),
    ("meetings", "0002_meeting_topics", "add_topics"),
    ("awards", "0002_commendation_forms", "seed_forms"),
]


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests start from tables an earlier one emptied, the rows
    the data migrations seed (post types, topics, commendation forms)
    included: seed them again, with the migrations' own functions."""
    from django.apps import apps

    for app, migration, function in REFERENCE_SEEDS:
        module = importlib.import_module(f"{app}.migrations.{migration}")
        getattr(module, function)(apps, None)


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Every test starts with Celery tasks run in-process (portal.settings.test),
    even when CI provides a broker and whatever an earlier test switched; the
    tests marked `celery` switch to a real worker themselves."""
    from portal.celery import app

    app.conf.task_always_eager = True
