"""Roles after the 2025 reform: data is entered by province and commune
staff; the staff and officers of a commune that took over an old one read
its whole history and change only what is theirs now; an account of a
closed place (a district after 30/06/2025) reads that place's history and
changes nothing.

One record of every scoped model is written in an old commune, which then
goes into a new commune under the province as the reform does; the rules
are asked of every record, old and copied, for every visitor."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from cells.constants import ReorganisationKind as Kind
from cells.constants import ReorganisationSubject as Subject
from cells.constants import Role
from cells.models import Place
from cells.reorganisations import apply_reorganisation, plan_reorganisation
from core.commands import ServerAccount
from tests import factories
from tests.scope_records import records_in

ON = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)
# What each visitor sees and changes: the old commune's records ("history",
# where they stood), the copies that go on under the new commune ("now").
SEES = {
    "new_commune_staff": {"history", "now"},
    "new_commune_officer": {"history", "now"},
    "district_staff": {"history"},
    "province_staff": {"history", "now"},
}
# A party member is read wherever they belong or belonged to a cell
# (PartyMemberQuerySet.within): the closed district keeps reading the member
# of its old cell, registered since under the new commune, beside the
# memberships it reads there.
SEEN_THROUGH_MEMBERSHIPS = {"district_staff": {"cells.PartyMember"}}
CHANGES = {
    "new_commune_staff": {"now"},
    "new_commune_officer": set(),
    "district_staff": set(),
    "province_staff": {"history", "now"},
}


@pytest.fixture
def reform(province, district, commune_a):
    """commune_a's records, then commune_a into a new commune under the
    province from 01/07/2025, the district closed the day before."""
    history = records_in(commune_a, "Sơn Lư")
    new = factories.CommuneFactory(name="Quan Sơn", code="15020", parent=province, valid_from=ON)
    Place.objects.filter(pk=district.pk).update(valid_to=LAST_DAY)
    plan = plan_reorganisation(
        user=ServerAccount(),
        kind=Kind.MERGE,
        subject=Subject.COMMUNE,
        effective_on=ON,
        predecessors=[commune_a],
        successors=[new],
    )
    apply_reorganisation(plan=plan)
    district.refresh_from_db()
    return new, history


@pytest.fixture
def visitors(reform, province, district):
    new, _history = reform
    return {
        "new_commune_staff": factories.UserFactory(username="qs-nl", place=new, role=Role.STAFF),
        "new_commune_officer": factories.UserFactory(username="qs-td", place=new),
        "district_staff": factories.UserFactory(
            username="quanson", place=district, role=Role.STAFF
        ),
        "province_staff": factories.UserFactory(
            username="thanhhoa", place=province, role=Role.STAFF
        ),
    }


def rows(reform):
    """[(kind, record)]: every old record, and what goes on under the new
    commune (the copied hamlet and cell, the people re-registered there)."""
    new, history = reform
    found = []
    for model, record in history.items():
        record = type(record)._default_manager.get(pk=record.pk)
        under_new = model._default_manager.under(new).filter(pk=record.pk).exists()
        found.append(("now" if under_new else "history", record))
    found += [("now", Place.objects.get(parent=new))]
    return found


def test_every_visitor_sees_and_changes_what_the_rules_say(reform, visitors):
    table = rows(reform)
    assert {kind for kind, _record in table} == {"history", "now"}
    wrong = []
    for name, user in visitors.items():
        for kind, record in table:
            manager = type(record)._default_manager
            visible = manager.in_scope(user).filter(pk=record.pk).exists()
            editable = manager.editable_by(user).filter(pk=record.pk).exists()
            seen = kind in SEES[name] or record._meta.label in SEEN_THROUGH_MEMBERSHIPS.get(
                name, ()
            )
            if (visible, editable) != (seen, kind in CHANGES[name]):
                wrong.append((name, type(record)._meta.label, kind, visible, editable))
    assert wrong == []


def test_the_closed_districts_staff_only_read(client, reform, visitors):
    user = visitors["district_staff"]
    client.force_login(user)

    assert client.get("/admin/cells/place/").status_code == 200
    assert client.get("/admin/cells/place/add/").status_code == 403
    assert client.get("/admin/cells/person/nhap-excel/").status_code == 403
    assert not user.has_perm("cells.change_place") and user.has_perm("cells.view_place")
    assert Permission.objects.filter(group__user=user, codename="change_place").exists()
    api = APIClient()
    api.force_authenticate(user)
    response = api.post("/api/v1/people/", {"full_name": "Lò Văn Mới"}, format="json")
    assert response.status_code == 403


def test_the_new_communes_staff_read_the_old_communes_history(client, reform, visitors, commune_a):
    new, _history = reform
    old_hamlet = Place.objects.get(parent=commune_a)
    copy = old_hamlet.successors.get()
    client.force_login(visitors["new_commune_staff"])

    in_force = client.get("/admin/cells/place/").content.decode()
    closed = client.get("/admin/cells/place/?hieu_luc=da_het").content.decode()

    # The list opens on the units in force; the closed ones are a click away.
    assert f"/admin/cells/place/{copy.pk}/change/" in in_force
    assert f"/admin/cells/place/{old_hamlet.pk}/change/" not in in_force
    assert f"/admin/cells/place/{old_hamlet.pk}/change/" in closed
    assert f"/admin/cells/place/{commune_a.pk}/change/" in closed
    assert client.get(f"/admin/cells/place/{old_hamlet.pk}/change/").status_code == 200
    assert client.post(f"/admin/cells/place/{old_hamlet.pk}/change/", {}).status_code == 403
