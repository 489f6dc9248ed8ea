"""Every choice list the API renders comes from the read rule: the filter
forms and the create/update forms of the browsable API, and the schema. An
officer of commune A, with records of commune B and of another district in
the database, finds none of them in any of it; and a filter by the id of
such a record answers exactly as for an id that does not exist."""

import datetime
import json
import re

import django_filters
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from awards.api import DecisionViewSet
from awards.models import Decision, Occasion
from cells.api import HoldingViewSet
from cells.constants import Role
from cells.models import Holding, Person, Post
from core.rest.filters import ScopedFilterSet
from core.rest.viewsets import ScopedRelatedField, ScopedSlugRelatedField
from portal.api.urls import router
from tests import factories
from tests.scope_records import records_in

OUTSIDE_MARKS = ("Khuất", "Trung Xuân", "Thọ Xuân", "Xuân Hồng")
RESOURCES = [(prefix, viewset) for prefix, viewset, _basename in router.registry]
CHOICE_FILTERS = (ModelChoiceFilter, ModelMultipleChoiceFilter)
SCOPED_RELATED_FIELDS = (ScopedRelatedField, ScopedSlugRelatedField)


@pytest.fixture
def staff_a(commune_a):
    return factories.UserFactory(username="sonlu-staff", place=commune_a, role=Role.STAFF)


@pytest.fixture
def records(commune_a, commune_b, commune_other_district):
    """Records in commune A (the forms have something to offer) and, marked,
    in commune B and in a commune of another district."""
    records_in(commune_a, "Sơn Lư")
    outside = records_in(commune_b, "Khuất")
    records_in(commune_other_district, "Khuất Huyện")
    factories.TermFactory()
    Occasion.objects.create(title="Kỷ niệm 90 năm thành lập Đảng", date=datetime.date(2020, 2, 3))
    return outside


def filterset_class_of(viewset):
    (backend,) = viewset.filter_backends
    return backend().get_filterset_class(viewset(), viewset.queryset)


def filterset_of(viewset, user):
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    view = viewset(request=request, action="list", format_kwarg=None, args=(), kwargs={})
    (backend,) = view.filter_backends
    return backend().get_filterset(request, view.get_queryset(), view)


def choice_filters(viewset, user):
    """(name, filter, form field) of each choice-by-record filter of `viewset`."""
    filterset = filterset_of(viewset, user)
    if filterset is None:
        return []
    return [
        (name, filter_, filterset.form.fields[name])
        for name, filter_ in filterset.filters.items()
        if isinstance(filter_, CHOICE_FILTERS)
    ]


def is_shared(model):
    """Reference data every signed-in user reads (terms, post types …)."""
    return getattr(model._default_manager.all(), "scope_path", None) is None


def assert_shows_nothing_outside(page):
    for mark in OUTSIDE_MARKS:
        assert mark not in page


def test_every_record_filter_of_every_endpoint_chooses_only_in_the_callers_scope(
    officer_a, records
):
    checked = set()
    for prefix, viewset in RESOURCES:
        for name, _filter, field in choice_filters(viewset, officer_a):
            model = field.queryset.model
            in_scope = model._default_manager.in_scope(officer_a)
            outside = field.queryset.exclude(pk__in=in_scope.values("pk"))
            assert not outside.exists(), f"{prefix}?{name}= offers {list(outside)}"
            checked.add(f"{prefix}?{name}")
    # The walk did reach the record filters (person, cell, member, meeting …).
    assert {"holdings?person", "cells?committee", "attendances?member", "decisions?body"} <= (
        checked
    )
    assert len(checked) >= 25


def option_values(page, name):
    """The ids a `<select name=...>` of the page offers."""
    selects = re.findall(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    return {int(value) for select in selects for value in re.findall(r'value="(\d+)"', select)}


@pytest.mark.parametrize("prefix,viewset", RESOURCES, ids=[prefix for prefix, _ in RESOURCES])
def test_the_browsable_list_shows_no_record_outside_the_callers_scope(
    login, officer_a, staff_a, records, prefix, viewset
):
    for user in (officer_a, staff_a):
        response = login(user).get(f"/api/v1/{prefix}/", {"format": "api", "page_size": 1})

        assert response.status_code == 200
        page = response.content.decode()
        assert_shows_nothing_outside(page)
        for name, _filter, field in choice_filters(viewset, user):
            in_scope = field.queryset.model._default_manager.in_scope(user)
            assert option_values(page, name) <= set(in_scope.values_list("pk", flat=True))


@pytest.mark.parametrize("prefix,viewset", RESOURCES, ids=[prefix for prefix, _ in RESOURCES])
def test_the_browsable_detail_form_offers_no_record_outside_the_callers_scope(
    login, staff_a, records, prefix, viewset
):
    record = viewset.queryset.model._default_manager.in_scope(staff_a).first()
    assert record is not None

    response = login(staff_a).get(f"/api/v1/{prefix}/{record.pk}/", {"format": "api"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<form" in page
    assert_shows_nothing_outside(page)


def _enums(node):
    if isinstance(node, dict):
        if "enum" in node:
            yield node["enum"]
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value)


def declared_choices():
    """The values of every choice set written in the code (kinds, levels,
    statuses, badge years): what an enum of the schema may list."""
    values = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            values |= {value for value, _label in getattr(field, "flatchoices", ())}
    for _prefix, viewset in RESOURCES:
        filterset = filterset_class_of(viewset)
        for filter_ in filterset.base_filters.values() if filterset else ():
            values |= {value for value, _label in filter_.extra.get("choices", ())}
    return values


def test_the_schema_enumerates_no_record(login, officer_a, records):
    response = login(officer_a).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    values = {value for enum in _enums(schema) for value in enum}
    assert values  # the choice sets (kinds, statuses) are there
    assert values - {None, ""} <= declared_choices()
    assert_shows_nothing_outside(json.dumps(schema, ensure_ascii=False))


def record_filters():
    """(prefix, filter name) of every filter choosing a scoped record."""
    for prefix, viewset in RESOURCES:
        filterset = filterset_class_of(viewset)
        for name, filter_ in filterset.base_filters.items() if filterset else ():
            if isinstance(filter_, CHOICE_FILTERS) and not is_shared(filter_.queryset.model):
                yield prefix, name


@pytest.mark.parametrize("prefix,name", list(record_filters()))
def test_a_record_filter_answers_an_id_outside_scope_as_one_that_does_not_exist(
    api, officer_a, records, prefix, name
):
    viewset = dict(RESOURCES)[prefix]
    (field,) = [field for n, _f, field in choice_filters(viewset, officer_a) if n == name]
    model = field.queryset.model
    outside = records[model].pk
    missing = model._default_manager.order_by("-pk").first().pk + 1000
    client = api(officer_a)

    foreign = client.get(f"/api/v1/{prefix}/", {name: outside})
    unknown = client.get(f"/api/v1/{prefix}/", {name: missing})

    assert foreign.status_code == unknown.status_code == 400
    assert foreign.json() == unknown.json()
    (message,) = foreign.json()[name]
    assert "trong phạm vi của bạn" in message


def writable_related_fields(serializer, path=""):
    """(path, field) of every related field a body may set, nested and many
    ones included."""
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            yield from writable_related_fields(field, f"{path}{name}.")
        elif isinstance(field, serializers.ManyRelatedField):
            yield f"{path}{name}", field.child_relation
        elif isinstance(field, serializers.RelatedField):
            yield f"{path}{name}", field


@pytest.mark.parametrize("prefix,viewset", RESOURCES, ids=[prefix for prefix, _ in RESOURCES])
def test_every_related_field_a_body_sets_offers_only_records_in_scope(prefix, viewset):
    serializer = viewset.serializer_class(context={"request": None})

    for path, field in writable_related_fields(serializer):
        assert isinstance(field, SCOPED_RELATED_FIELDS), f"{prefix}: {path} is {type(field)}"


def test_a_new_endpoint_listing_filterset_fields_gets_its_record_choices_in_scope(
    officer_a, records
):
    class HoldingsByPerson(HoldingViewSet):
        filterset_class = None
        filterset_fields = ["person", "post"]

    fields = {name: field for name, _filter, field in choice_filters(HoldingsByPerson, officer_a)}

    assert set(fields) == {"person", "post"}
    assert records[Person] not in fields["person"].queryset
    assert records[Post] not in fields["post"].queryset


def test_a_filter_set_not_built_on_the_scoped_base_is_refused(officer_a):
    class UnscopedFilter(django_filters.FilterSet):
        class Meta:
            model = Holding
            fields = ["person"]

    class UnscopedHoldings(HoldingViewSet):
        filterset_class = UnscopedFilter

    with pytest.raises(ImproperlyConfigured, match="ScopedFilterSet"):
        filterset_of(UnscopedHoldings, officer_a)


@pytest.mark.parametrize("prefix", [prefix for prefix, _viewset in RESOURCES])
def test_the_options_answer_lists_no_record_outside_the_callers_scope(
    api, staff_a, records, prefix
):
    response = api(staff_a).options(f"/api/v1/{prefix}/")

    assert response.status_code == 200
    assert_shows_nothing_outside(json.dumps(response.json(), ensure_ascii=False))


def test_a_filter_offering_the_values_of_every_row_is_refused(officer_a):
    class NumbersFromEveryDistrict(ScopedFilterSet):
        number = django_filters.AllValuesFilter()

        class Meta:
            model = Decision
            fields = ["number"]

    class DecisionsByNumber(DecisionViewSet):
        filterset_class = NumbersFromEveryDistrict

    with pytest.raises(ImproperlyConfigured, match="AllValuesFilter"):
        filterset_of(DecisionsByNumber, officer_a)
