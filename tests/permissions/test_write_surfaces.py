"""The write rule where the table test does not reach: admin actions,
inlines, autocomplete, a save the choices did not stop, and the audit
trail's read rule."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award, CommendationForm, Decision, IssuingBody
from cells.constants import Role
from cells.models import Person, Place
from core.admin_scope import ScopedAdmin
from core.audit import entries_in_scope
from tests import factories

D = datetime.date


@pytest.fixture
def commune_staff(commune_a):
    return factories.UserFactory(username="sonlu-nl", place=commune_a, role=Role.STAFF)


@pytest.fixture
def district_decision(district, hamlet_a):
    """A decision of the district commending a person of commune A."""
    body = IssuingBody.objects.create(name="Ban Thường vụ Huyện ủy Quan Sơn", place=district)
    decision = Decision.objects.create(
        number="1125-QĐ/HU",
        date=D(2022, 5, 5),
        body=body,
        form=CommendationForm.objects.get(code="giay_khen"),
    )
    Award.objects.create(decision=decision, person=factories.PersonFactory(place=hamlet_a))
    return decision


def test_deleting_selected_places_refuses_a_selection_with_the_users_own_unit(
    login, district_staff, district
):
    empty = factories.CommuneFactory(name="Xã Mới Lập", code="15099", parent=district)
    selected = {ACTION_CHECKBOX_NAME: [district.pk, empty.pk]}

    response = login(district_staff).post(
        reverse("admin:cells_place_changelist"),
        {"action": "delete_selected", "post": "yes", **selected},
    )

    assert "Không thể xóa đơn vị hành chính" in response.content.decode()
    assert Place.objects.filter(pk__in=[district.pk, empty.pk]).count() == 2


def test_an_action_that_changes_rows_gets_only_those_the_user_may_change(
    district_staff, district, commune_a
):
    acted_on = []

    def close(modeladmin, request, queryset):
        acted_on.extend(queryset)

    close.allowed_permissions = ("change",)
    request = RequestFactory().post("/")
    request.user = district_staff
    place_admin = type("PlaceActions", (ScopedAdmin,), {"actions": [close]})(Place, admin.site)
    func, _name, _description = place_admin.get_action(close)

    func(place_admin, request, Place.objects.filter(pk__in=[district.pk, commune_a.pk]))

    assert acted_on == [commune_a]


def test_a_district_decision_opens_read_only_for_the_commune_it_commended(
    login, commune_staff, district_decision
):
    url = reverse("admin:awards_decision_change", args=[district_decision.pk])

    response = login(commune_staff).get(url)

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    (awards,) = response.context["inline_admin_formsets"]
    assert (awards.has_add_permission, awards.has_change_permission) == (False, False)
    assert login(commune_staff).post(url, {}).status_code == 403


def test_the_award_form_offers_only_decisions_the_users_bodies_issued(
    login, commune_staff, district_decision, commune_a
):
    own = Decision.objects.create(
        number="7-QĐ/ĐU",
        date=D(2023, 1, 5),
        body=IssuingBody.objects.create(name="Đảng ủy thị trấn Sơn Lư", place=commune_a),
        form=district_decision.form,
    )
    params = {"app_label": "awards", "model_name": "award", "field_name": "decision", "term": ""}

    results = login(commune_staff).get(reverse("admin:autocomplete"), params).json()["results"]

    assert [int(result["id"]) for result in results] == [own.pk]


def test_a_save_the_choices_let_through_is_refused_and_undone(district_staff, district):
    """Choices keep a form from pointing outside what the user may write;
    should a save still land outside it (here: the user's own unit), the
    admin refuses it and the transaction is undone."""
    request = RequestFactory().post("/")
    request.user = district_staff
    place_admin = admin.site.get_model_admin(Place)
    district.name = "Đổi tên"

    with pytest.raises(PermissionDenied), transaction.atomic():
        place_admin.save_model(request, district, form=None, change=True)

    district.refresh_from_db()
    assert district.name == "Quan Sơn"


def test_an_inactive_superuser_reads_no_audit_entry(hamlet_a):
    factories.PersonFactory(place=hamlet_a)
    superuser = factories.UserFactory(username="root", is_superuser=True, place=None)
    superuser.is_active = False

    assert LogEntry.objects.exists()
    assert not entries_in_scope(superuser).exists()


def test_the_history_of_a_deleted_hamlet_stays_with_its_commune(commune_a, commune_b):
    hamlet = factories.HamletFactory(name="Bản Sáp Nhập", parent=commune_a)
    person = factories.PersonFactory(place=hamlet)
    person.delete()
    hamlet.delete()
    staff_a = factories.UserFactory(username="sonlu-nl", place=commune_a, role=Role.STAFF)
    staff_b = factories.UserFactory(username="trungxuan-nl", place=commune_b, role=Role.STAFF)

    def deleted(user):
        entries = entries_in_scope(user).filter(action=LogEntry.Action.DELETE)
        return {entry.object_repr for entry in entries}

    assert deleted(staff_a) == {str(person), str(hamlet)}
    assert deleted(staff_b) == set()
    assert not Person.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize("cells", [2, 12])
def test_the_delete_page_asks_the_rule_once_per_model_not_per_record(
    login, district_staff, hamlet_a, cells
):
    """Django asks whether each record a delete takes with it may be
    deleted; the rule answers in one query per model (the queries that
    match a place path), however many records."""
    member = factories.PartyMemberFactory(person=factories.PersonFactory(place=hamlet_a))
    for year in range(cells):
        cell = factories.CellFactory(hamlet=hamlet_a)
        factories.CellMembershipFactory(
            member=member, cell=cell, start_date=D(2000 + year, 1, 1), end_date=D(2000 + year, 6, 1)
        )
    client = login(district_staff)
    url = reverse("admin:cells_partymember_delete", args=[member.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert "Không thể xóa" not in response.content.decode()
    by_path = [query for query in queries if '"path" >=' in query["sql"] or "LIKE" in query["sql"]]
    # The page's record, whether it may be deleted, then one query for each
    # model the delete takes (the member, their memberships).
    assert len(by_path) == 4
