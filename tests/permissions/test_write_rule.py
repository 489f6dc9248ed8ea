"""The write rule, as a table: every domain model × every write surface
(admin add/change/delete, API POST/PATCH/DELETE, import) × five visitors —
staff of a commune, staff of its district, staff of another district, an
officer of the commune, an anonymous visitor.

What the rule says is written out below (`SEES`, `CHANGES`), not asked of
the code: staff change what lies under their place but not their own unit,
officers and visitors nothing, nobody but the superuser the shared reference
data. The models come from the admin registry and the API router, so a model
registered later is in the table, or the coverage test says it is missing.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.db import transaction
from django.forms import ModelChoiceField
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.test import APIClient

from awards.models import Occasion
from cells.constants import Role
from cells.models import Place
from cells.querysets import SharedQuerySet
from core.imports.admin import ImportAdminMixin
from core.imports.reading import ImportFailed
from portal.api.urls import router
from tests import factories
from tests.api.conftest import RESOURCES, Resource, World
from tests.scope_records import records_in

D = datetime.date
VISITORS = ["commune_staff", "district_staff", "other_district_staff", "officer", "anonymous"]

# Kinds of record: those of the commune (records_in), the commune itself, its
# district itself, shared reference data.
SEES = {
    "commune_staff": {"record", "commune", "shared"},
    "district_staff": {"record", "commune", "district", "shared"},
    "other_district_staff": {"shared"},
    "officer": {"record", "commune", "shared"},
    "anonymous": set(),
}
CHANGES = {
    "commune_staff": {"record"},
    "district_staff": {"record", "commune"},
    "other_district_staff": set(),
    "officer": set(),
    "anonymous": set(),
}
# What a record written may point at: what one may change, one's own unit,
# and the shared reference data.
ATTACHES = {
    "commune_staff": {"record", "commune", "shared"},
    "district_staff": {"record", "commune", "district", "shared"},
    "other_district_staff": {"shared"},
    "officer": set(),
    "anonymous": set(),
}

# Registered models with no row in the table, and why.
NOT_IN_TABLE = {
    "awards.ExportJob": "written by the export job only; its admin is read-only",
    "meetings.Attachment": "an uploaded file, written in its meeting's inline",
    "meetings.ConferenceInvitation": "written in its conference's inline",
    "meetings.CellMeetingCheck": "a read-only page over cells",
    "ratings.Review": (
        "written by ratings.services only (save_ratings, propose, approve, unlock: "
        "tests/ratings, tests/api/test_ratings.py); its admin is read-only"
    ),
    "ratings.Rating": "written by ratings.services only, as Review; its admin is read-only",
    "cells.Reorganisation": (
        "written by cells.reorganisations from its own form and preview, read-only otherwise "
        "(tests/admin/test_reorganisations.py, tests/cells/test_reorganisations.py)"
    ),
}


def shared_models():
    return [
        model
        for model in admin.site._registry
        if issubclass(model._default_manager._queryset_class, SharedQuerySet)
    ]


def scoped_admins():
    """(model, its admin) of every registered model with the write rule."""
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if hasattr(model._default_manager, "editable_by") and model._meta.label not in NOT_IN_TABLE
    ]


@pytest.fixture
def visitors(commune_a, district, other_district):
    return {
        "commune_staff": factories.UserFactory(
            username="sonlu-nl", place=commune_a, role=Role.STAFF
        ),
        "district_staff": factories.UserFactory(
            username="quanson-nl", place=district, role=Role.STAFF
        ),
        "other_district_staff": factories.UserFactory(
            username="thoxuan-nl", place=other_district, role=Role.STAFF
        ),
        "officer": factories.UserFactory(username="sonlu-td", place=commune_a, role=Role.OFFICER),
        "anonymous": None,
    }


@pytest.fixture
def table(commune_a, district):
    """{model: [(kind, record)]}: one record of every scoped model in commune
    A, the commune and the district as places, one row of each shared model."""
    rows = {
        model: [("record", record)] for model, record in records_in(commune_a, "Sơn Lư").items()
    }
    rows[Place] += [("commune", commune_a), ("district", district)]
    factories.TermFactory()  # the other shared tables are seeded by migrations
    for model in shared_models():
        rows[model] = [("shared", model._default_manager.order_by("pk").first())]
    return rows


def snapshot(record):
    fresh = type(record)._default_manager.filter(pk=record.pk).first()
    return fresh and model_to_dict(fresh)


def test_every_model_with_the_rule_is_in_the_table(table):
    missing = {model._meta.label for model, _admin in scoped_admins()} - {
        model._meta.label for model in table
    }
    api_models = {viewset.queryset.model for _prefix, viewset, _basename in router.registry}
    missing |= {
        model._meta.label
        for model in api_models
        if hasattr(model._default_manager, "editable_by") and model not in table
    } - set(NOT_IN_TABLE)
    assert missing == set()


def test_the_rule_says_what_the_table_says(table, visitors):
    wrong = []
    for model, rows in table.items():
        for name, user in visitors.items():
            for kind, record in rows:
                editable = model._default_manager.editable_by(user).filter(pk=record.pk).exists()
                visible = model._default_manager.in_scope(user).filter(pk=record.pk).exists()
                if (editable, visible) != (kind in CHANGES[name], kind in SEES[name]):
                    wrong.append((model._meta.label, kind, name, editable, visible))
    assert wrong == []


# --- The admin ------------------------------------------------------------------


def admin_client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def admin_url(record, action):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[record.pk])


def expect_refusal(response, name, kind):
    """A refused write: the login page for a visitor, 403 for a row seen or
    for an officer (who may change no row of the model at all), and
    Django's "no such record" redirect to the index for a row staff do not see."""
    if name == "anonymous":
        return response.status_code == 302 and "/login/" in response["Location"]
    if kind in SEES[name] or name == "officer":
        return response.status_code == 403
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("name", VISITORS)
def test_the_admin_change_page_writes_only_what_the_rule_allows(client, table, visitors, name):
    wrong = []
    for model, _model_admin in scoped_admins():
        for kind, record in table[model]:
            before, entries = snapshot(record), LogEntry.objects.count()
            client = admin_client(client, visitors[name])
            if kind in CHANGES[name]:
                # The page opens with its form and save buttons.
                response = client.get(admin_url(record, "change"))
                ok = response.status_code == 200 and response.context["has_change_permission"]
            else:
                response = client.post(admin_url(record, "change"), {})
                ok = expect_refusal(response, name, kind)
            ok = ok and snapshot(record) == before and LogEntry.objects.count() == entries
            if not ok:
                wrong.append((model._meta.label, kind, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("name", VISITORS)
def test_the_admin_delete_page_deletes_only_what_the_rule_allows(client, table, visitors, name):
    wrong = []
    for model, _model_admin in scoped_admins():
        for kind, record in table[model]:
            url = admin_url(record, "delete")
            if kind in CHANGES[name]:
                ok = admin_client(client, visitors[name]).get(url).status_code == 200
            else:
                response = admin_client(client, visitors[name]).post(url, {"post": "yes"})
                ok = expect_refusal(response, name, kind) and snapshot(record) is not None
            if not ok:
                wrong.append((model._meta.label, kind))
    assert wrong == []


@pytest.mark.parametrize("name", VISITORS)
def test_the_admin_add_form_offers_only_what_the_rule_lets_one_attach(
    client, table, visitors, name
):
    """Each foreign key of an add form offers, among the table's records,
    those the visitor may attach to; the form opens only for staff."""
    kind_of = {(type(r), r.pk): kind for rows in table.values() for kind, r in rows}
    wrong = []
    for model, model_admin in scoped_admins():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        response = admin_client(client, visitors[name]).get(url)
        may_add = name.endswith("_staff") and model not in shared_models()
        if not may_add:
            if response.status_code not in (302, 403):
                wrong.append((meta.label, "opens", response.status_code))
            continue
        if response.status_code != 200:
            if model_admin.has_add_permission(response.wsgi_request):
                wrong.append((meta.label, "does not open", response.status_code))
            continue
        for field_name, field in response.context["adminform"].form.fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            target = field.queryset.model
            candidates = {pk: kind for (m, pk), kind in kind_of.items() if m is target}
            rows = field.queryset.filter(pk__in=candidates).values_list("pk", flat=True)
            offered = {candidates[pk] for pk in rows}
            allowed = target._default_manager.complex_filter(field.get_limit_choices_to())
            expected = {
                candidates[pk]
                for pk in allowed.filter(pk__in=candidates).values_list("pk", flat=True)
                if candidates[pk] in ATTACHES[name]
            }
            if offered != expected:
                wrong.append((meta.label, field_name, offered, expected))
    assert wrong == []


# --- The API --------------------------------------------------------------------


def api_client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# Resources the API tests of tests/api/conftest.py do not describe.
OWN_RESOURCES = [
    Resource(
        "occasions",
        Occasion,
        make=None,
        payload=lambda w: {"title": "Ngày hội", "date": "2023-11-18", "place": w.commune_a.pk},
        change={"title": "Ngày hội Đại đoàn kết"},
    ),
]


def api_resources(table):
    """(prefix, model, resource description) of every resource the router
    registers for a model with the write rule."""
    known = {resource.model: resource for resource in [*RESOURCES, *OWN_RESOURCES]}
    for prefix, viewset, _basename in router.registry:
        model = viewset.queryset.model
        if model in table and "post" in viewset.http_method_names:
            resource = known.get(model)
            yield prefix, model, resource


def expect_api_refusal(response, name, kind):
    """401/403 for a visitor; 403 for a row seen, or for an officer (who may
    write no row of the model); 404 for a row staff do not see."""
    if name == "anonymous":
        return response.status_code in (401, 403)
    return response.status_code == (403 if kind in SEES[name] or name == "officer" else 404)


@pytest.mark.parametrize("name", VISITORS)
def test_the_api_changes_and_deletes_only_what_the_rule_allows(table, visitors, name):
    wrong = []
    client = api_client(visitors[name])
    for prefix, model, resource in api_resources(table):
        change = resource.change if resource else {}
        for kind, record in table[model]:
            url = f"/api/v1/{prefix}/{record.pk}/"
            before = snapshot(record)
            if kind in CHANGES[name]:
                patch = client.patch(url, {}, format="json").status_code == 200
                with transaction.atomic():
                    deleted = client.delete(url).status_code in (204, 409)
                    transaction.set_rollback(True)
                ok = patch and deleted
            else:
                ok = expect_api_refusal(client.patch(url, change, format="json"), name, kind)
                ok = ok and expect_api_refusal(client.delete(url), name, kind)
                ok = ok and snapshot(record) == before
            if not ok:
                wrong.append((prefix, kind))
    assert wrong == []


@pytest.mark.parametrize("name", VISITORS)
def test_the_api_creates_only_what_the_rule_allows(request, table, visitors, hamlet_a, name):
    """A valid body naming commune A's records (tests/api/conftest.py) is
    created for the commune's and the district's staff; the others write
    nothing: officers and visitors may not, another district's staff may
    not point at commune A's records."""
    world = World(request)
    wrong = []
    client = api_client(visitors[name])
    for prefix, model, resource in api_resources(table):
        if model in shared_models():
            expected = {"anonymous": (401, 403)}.get(name, (403,))
        else:
            assert resource is not None, f"{prefix}: no payload in tests/api/conftest.py"
            expected = {
                "commune_staff": (201,),
                "district_staff": (201,),
                "other_district_staff": (400,),
                "officer": (403,),
                "anonymous": (401, 403),
            }[name]
        with transaction.atomic():
            body = resource.payload(world) if resource else {}
            count = model._default_manager.count()
            response = client.post(f"/api/v1/{prefix}/", body, format="json")
            written = model._default_manager.count() - count
            transaction.set_rollback(True)
        if response.status_code not in expected or written != (response.status_code == 201):
            wrong.append((prefix, response.status_code, written))
    assert wrong == []


def test_district_staff_cannot_rename_their_own_district_through_the_api(district, visitors):
    client = api_client(visitors["district_staff"])

    response = client.patch(f"/api/v1/places/{district.pk}/", {"name": "Đổi tên"}, format="json")

    assert response.status_code == 403
    district.refresh_from_db()
    assert district.name == "Quan Sơn"


def test_district_staff_rename_a_commune_of_their_district_through_the_api(commune_a, visitors):
    client = api_client(visitors["district_staff"])

    response = client.patch(
        f"/api/v1/places/{commune_a.pk}/", {"name": "Sơn Lư Mới"}, format="json"
    )

    assert response.status_code == 200
    commune_a.refresh_from_db()
    assert commune_a.name == "Sơn Lư Mới"


# --- Imports --------------------------------------------------------------------

# One good row for each importer, naming commune A (15001) and the records
# of `records_in(commune_a, "Sơn Lư")`.
IMPORT_ROWS = {
    "HamletImport": "Mã xã,Tên thôn,Loại\n15001,Bản Mới,bản\n",
    "PeopleImport": "Họ và tên,Mã xã,Thôn\nLò Thị Mới,15001,Bản Sơn Lư\n",
    "MemberImport": "Họ và tên,Mã xã,Thôn,Ngày vào Đảng\nLò Thị Mới,15001,Bản Sơn Lư,19/05/2015\n",
    "MeetingImport": ("Chi bộ,Mã xã,Ngày họp,Loại\nChi bộ Sơn Lư,15001,15/03/2023,thuong_ky\n"),
    "PaymentImport": ("Họ và tên,Tháng,Số tiền,Ngày nộp\nLò Văn Sơn Lư,02/2026,50000,05/02/2026\n"),
}
# The column that names what the row is written under.
IMPORT_PLACE_COLUMN = {"MeetingImport": "Chi bộ", "PaymentImport": "Họ và tên"}


def importers():
    return [
        model_admin.importer_class
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ImportAdminMixin)
    ]


def test_every_importer_has_a_row_in_the_table():
    assert {importer.__name__ for importer in importers()} <= set(IMPORT_ROWS)


@pytest.mark.parametrize("name", VISITORS)
def test_imports_write_only_what_the_rule_allows(table, visitors, name):
    user = visitors[name]
    wrong = []
    for importer_class in importers():
        if user is None:
            # The admin's import pages send visitors to the login page.
            continue
        importer = importer_class(user)
        entries = LogEntry.objects.count()
        content = IMPORT_ROWS[importer_class.__name__].encode()
        if name in ("commune_staff", "district_staff"):
            with transaction.atomic():
                ok = importer.has_permission() and importer.run(content).written
                transaction.set_rollback(True)
        elif name == "officer":
            ok = not importer.has_permission()
        else:
            try:
                importer.run(content)
                ok = False
            except ImportFailed as failure:
                column = IMPORT_PLACE_COLUMN.get(importer_class.__name__, "Mã xã")
                ok = [(error.row, error.column) for error in failure.errors] == [(2, column)]
            ok = ok and LogEntry.objects.count() == entries
        if not ok:
            wrong.append(importer_class.__name__)
    assert wrong == []


def test_visitors_are_sent_to_the_login_page_by_every_import(client):
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, ImportAdminMixin):
            meta = model_admin.opts
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_excel_import")
            assert client.get(url).status_code == 302
