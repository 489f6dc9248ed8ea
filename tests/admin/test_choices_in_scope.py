"""Every choice the admin renders comes from the read rule: an officer of
commune A, with records of commune B and of another district in the
database, finds none of them on any change list (list filters included),
and a staff member of commune A none on any add or change form."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from awards.models import Award, IssuingBody, Occasion
from cells.constants import Role
from core.admin_scope import ScopedAdmin
from tests import factories
from tests.scope_records import records_in

OUTSIDE_MARKS = ("Khuất", "Trung Xuân", "Thọ Xuân", "Xuân Hồng")
ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _admin in ADMINS]


@pytest.fixture
def staff_a(commune_a):
    return factories.UserFactory(username="sonlu-staff", place=commune_a, role=Role.STAFF)


@pytest.fixture
def records(commune_a, commune_b, commune_other_district):
    """Records in commune A and, marked, in commune B and another district."""
    inside = records_in(commune_a, "Sơn Lư")
    outside = records_in(commune_b, "Khuất")
    records_in(commune_other_district, "Khuất Huyện")
    factories.TermFactory()
    Occasion.objects.create(title="Kỷ niệm 90 năm thành lập Đảng", date=datetime.date(2020, 2, 3))
    return inside, outside


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def assert_shows_nothing_outside(page):
    for mark in OUTSIDE_MARKS:
        assert mark not in page


@pytest.mark.parametrize("model,model_admin", ADMINS, ids=IDS)
def test_no_change_list_shows_a_record_outside_the_officers_scope(
    login, officer_a, records, model, model_admin
):
    response = login(officer_a).get(url(model, "changelist"))

    if response.status_code == 403:
        pytest.skip(f"{model._meta.label}: not for officers")
    assert response.status_code == 200
    assert_shows_nothing_outside(response.content.decode())


@pytest.mark.parametrize("model,model_admin", ADMINS, ids=IDS)
def test_no_add_or_change_form_offers_a_record_outside_the_staffs_scope(
    login, staff_a, records, model, model_admin
):
    client = login(staff_a)
    record = model_admin.get_queryset(client_request(staff_a)).first()
    pages = [url(model, "add")] + ([url(model, "change", record.pk)] if record else [])

    for page in pages:
        response = client.get(page)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, page
        assert_shows_nothing_outside(response.content.decode())


def client_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_list_filter_through_a_relation_offers_only_records_in_scope(
    officer_a, commune_a, records
):
    # Two choices at least, or Django leaves the filter out.
    IssuingBody.objects.create(name="UBND thị trấn Sơn Lư", place=commune_a)

    class AwardsByBodyAndHamlet(ScopedAdmin):
        list_filter = ["decision__body", "person__place"]

    model_admin = AwardsByBodyAndHamlet(Award, admin.site)
    changelist = model_admin.get_changelist_instance(client_request(officer_a))

    labels = [
        str(choice["display"])
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    ]
    assert {"Đảng ủy Sơn Lư", "UBND thị trấn Sơn Lư", "Thôn Bản Sơn Lư"} <= set(labels)
    assert_shows_nothing_outside(" ".join(labels))
