"""Reference data shared by every place (commendation forms, meeting topics,
post types, terms) is changed by superusers only: district staff and
officers are refused on every surface (the admin's add, change and delete
pages, the API's POST, PATCH and DELETE) and nothing is written."""

import datetime
import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from awards.exports import decision_list
from awards.models import CommendationForm, Decision, IssuingBody
from cells.models import PostType, Term
from meetings.models import MeetingTopic
from tests import factories


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True, place=None)


@dataclass
class Shared:
    """A shared model, how to make a row of it, and what each surface sends."""

    model: Any
    path: str  # of the API
    make: Any  # () -> a row nothing else refers to (so it can be deleted)
    new: dict  # a valid row, as the admin's form and the API's body write it
    api_new: dict
    change: dict  # the admin form's values changed (every field is posted)

    @property
    def admin_name(self):
        return f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}"

    def __str__(self):
        return self.model._meta.model_name


SHARED = [
    Shared(
        CommendationForm,
        "commendation-forms",
        make=lambda: CommendationForm.objects.create(code="ky_niem", name="Kỷ niệm", order=8),
        new={"code": "ky_niem_chuong", "name": "Kỷ niệm chương", "order": 9},
        api_new={"code": "ky_niem_chuong", "name": "Kỷ niệm chương", "order": 9},
        change={"code": "ky_niem", "name": "X", "order": 8},
    ),
    Shared(
        MeetingTopic,
        "meeting-topics",
        make=lambda: MeetingTopic.objects.create(code="an_ninh", name="An ninh trật tự"),
        new={"code": "moi_truong", "name": "Môi trường"},
        api_new={"code": "moi_truong", "name": "Môi trường"},
        change={"code": "an_ninh", "name": "X"},
    ),
    Shared(
        PostType,
        "post-types",
        make=lambda: PostType.objects.create(code="thanh_tra", name="Thanh tra", scope="hamlet"),
        new={"code": "kiem_tra", "name": "Kiểm tra", "scope": "hamlet", "seats": 1, "order": 0},
        api_new={"code": "kiem_tra", "name": "Kiểm tra", "scope": "hamlet"},
        change={"code": "thanh_tra", "name": "X", "scope": "hamlet", "seats": 1, "order": 0},
    ),
    Shared(
        Term,
        "terms",
        make=lambda: factories.TermFactory(name="2015–2020"),
        new={"name": "2025–2030", "start_date": "01/07/2025", "end_date": "30/06/2030"},
        api_new={"name": "2025–2030", "start_date": "2025-07-01", "end_date": "2030-06-30"},
        change={"name": "X", "start_date": "01/07/2020", "end_date": "30/06/2025"},
    ),
]


@pytest.fixture(params=SHARED, ids=str)
def shared(request, db):
    return request.param


def snapshot(model):
    return sorted(
        (row.pk, tuple(sorted(model_to_dict(row).items()))) for row in model.objects.all()
    )


def _admin_change(login, shared, row):
    return login.post(reverse(f"{shared.admin_name}_change", args=[row.pk]), shared.change)


def _admin_delete(login, shared, row):
    return login.post(reverse(f"{shared.admin_name}_delete", args=[row.pk]), {"post": "yes"})


def _admin_add(login, shared, row):
    return login.post(reverse(f"{shared.admin_name}_add"), shared.new)


def _api_post(api, shared, row):
    return api.post(f"/api/v1/{shared.path}/", shared.api_new, format="json")


def _api_patch(api, shared, row):
    return api.patch(f"/api/v1/{shared.path}/{row.pk}/", {"name": "X"}, format="json")


def _api_delete(api, shared, row):
    return api.delete(f"/api/v1/{shared.path}/{row.pk}/")


ADMIN_WRITES = {
    "admin change": _admin_change,
    "admin delete": _admin_delete,
    "admin add": _admin_add,
}
API_WRITES = {"API POST": _api_post, "API PATCH": _api_patch, "API DELETE": _api_delete}
ALLOWED = {
    "admin change": 302,
    "admin delete": 302,
    "admin add": 302,
    "API POST": 201,
    "API PATCH": 200,
    "API DELETE": 204,
}


def _client(surface, login, api, user):
    return login(user) if surface in ADMIN_WRITES else api(user)


@pytest.mark.parametrize("surface", [*ADMIN_WRITES, *API_WRITES])
@pytest.mark.parametrize("actor", ["district_staff", "officer_a"])
def test_it_refuses_staff_and_officers_and_writes_nothing(
    request, login, api, shared, surface, actor
):
    row = shared.make()
    before = snapshot(shared.model)
    client = _client(surface, login, api, request.getfixturevalue(actor))
    write = {**ADMIN_WRITES, **API_WRITES}[surface]

    response = write(client, shared, row)

    assert response.status_code == 403
    assert snapshot(shared.model) == before


@pytest.mark.parametrize("surface", [*ADMIN_WRITES, *API_WRITES])
def test_it_lets_the_superuser_write(login, api, superuser, shared, surface):
    row = shared.make()
    before = snapshot(shared.model)
    client = _client(surface, login, api, superuser)
    write = {**ADMIN_WRITES, **API_WRITES}[surface]

    response = write(client, shared, row)

    assert response.status_code == ALLOWED[surface], getattr(response, "data", response)
    assert snapshot(shared.model) != before


@pytest.mark.parametrize("actor", ["district_staff", "officer_a"])
def test_the_admin_shows_staff_and_officers_no_save_button(request, login, shared, actor):
    row = shared.make()
    client = login(request.getfixturevalue(actor))

    page = client.get(reverse(f"{shared.admin_name}_change", args=[row.pk]))
    listing = client.get(reverse(f"{shared.admin_name}_changelist"))

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert 'name="_continue"' not in page.content.decode()
    assert reverse(f"{shared.admin_name}_add") not in listing.content.decode()


def test_the_superuser_sees_the_save_button(login, superuser, shared):
    row = shared.make()
    page = login(superuser).get(reverse(f"{shared.admin_name}_change", args=[row.pk]))
    assert 'name="_save"' in page.content.decode()


def test_a_refused_patch_leaves_every_districts_award_list_reading_its_form(
    api, other_district_staff, district
):
    body = IssuingBody.objects.create(name="Ban Thường vụ Huyện ủy Quan Sơn", place=district)
    certificate = CommendationForm.objects.get(code="giay_khen")
    decision = Decision.objects.create(
        number="1125-QĐ/HU", date=datetime.date(2022, 5, 5), body=body, form=certificate
    )
    client = api(other_district_staff)

    renamed = client.patch(
        f"/api/v1/commendation-forms/{certificate.pk}/", {"name": "X"}, format="json"
    )
    recoded = client.patch(
        f"/api/v1/commendation-forms/{certificate.pk}/", {"code": "x"}, format="json"
    )

    assert (renamed.status_code, recoded.status_code) == (403, 403)
    decision = Decision.objects.select_related("body", "occasion", "form").get(pk=decision.pk)
    assert decision_list(decision).heading.title == "DANH SÁCH ĐƯỢC TẶNG GIẤY KHEN"


def test_a_staff_group_stored_before_keeps_no_write_on_shared_data(db):
    """A group saved when the forms and topics were writable loses those
    permissions with the data migration, and keeps its others."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("portal.migrations.0006_shared_reference_data_read_only")
    group = Group.objects.create(name=migration.STAFF_GROUP)
    kept = ["view_commendationform", "change_person", "change_occasion"]
    revoked = ["change_commendationform", "delete_meetingtopic", "add_posttype", "change_term"]
    group.permissions.set(Permission.objects.filter(codename__in=kept + revoked))

    migration.revoke_writes(apps, None)

    assert set(group.permissions.values_list("codename", flat=True)) == set(kept)


CODED = [shared for shared in SHARED if shared.model is not Term]


@pytest.mark.parametrize("shared", CODED, ids=str)
def test_not_even_the_superuser_changes_a_code_the_portal_looks_up(api, login, superuser, shared):
    row = shared.make()
    url = f"/api/v1/{shared.path}/{row.pk}/"

    by_api = api(superuser).patch(url, {"code": "khac"}, format="json")
    by_admin = login(superuser).post(
        reverse(f"{shared.admin_name}_change", args=[row.pk]), {**shared.change, "code": "khac"}
    )

    assert by_api.status_code == 400
    assert "Không sửa được mã" in str(by_api.data["code"])
    assert by_admin.status_code == 200  # the form again, with the error
    assert "Không sửa được mã" in by_admin.content.decode()
    assert shared.model.objects.filter(pk=row.pk, code=row.code).exists()
