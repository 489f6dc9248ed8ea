"""Filters every list shares (django-filter).

* Every filter set of the API derives from `ScopedFilterSet`: a filter that
  picks a record (`person`, `cell`, `meeting` …, the foreign keys of
  `Meta.fields` included) offers and accepts only what the caller may see
  (`in_scope`), so the browsable API's form lists none of another commune's
  records, and an id outside scope is refused exactly as an unknown one.
  `ScopedFilterBackend` (the API's filter backend) builds the filter sets of
  `filterset_fields` on it too, and refuses a filter set that is not.
* `place` (official code, e.g. 387) or `place_id` (database id, for hamlets,
  which have no code): the place and everything under it, through the
  model's own `within(place)` — the rule scoping uses. A place the caller
  cannot see is refused like an unknown one.
* `date` (YYYY-MM-DD): records in force that day; `period` (2023-07,
  2023-Q3, 2023-H1, 2023, 2021..2023): records in force at some time in it.
* `search`: words matched against the folded name, so "nguyen thi hanh"
  finds "Nguyễn Thị Hạnh" (NFC or NFD) and "duc thuan" finds "Đức Thuận".
"""

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.filters import AllValuesFilter, AllValuesMultipleFilter, QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from rest_framework.exceptions import ValidationError

from cells.constants import LARGEST_ID
from cells.models import Place
from core.periods import Period, PeriodError, validate_date_in_range
from core.vietnamese import fold

from .scope import scoped

OUT_OF_SCOPE_FILTER_CHOICE = _("Không có %(record)s này trong phạm vi của bạn.")


def in_force(start_field, end_field, first_day, last_day):
    """Q for records whose [start, end] (inclusive, either side open) meets
    [first_day, last_day]."""
    return (Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": last_day})) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": first_day})
    )


def place_for(request, *, code=None, pk=None):
    """The place in the caller's scope named by official code or id, or a 400.
    A code names a unit of the level its width says (`official_unit`), never
    a hamlet; codes are reused after mergers: the unit in force today wins,
    else the one closed last."""
    places = Place.objects.in_scope(request.user)
    if code is not None:
        field = "place"
        place = places.official_unit(code, on=timezone.localdate()) or places.official_unit(code)
    else:
        field = "place_id"
        place = places.filter(pk=pk).first()
    if place is None:
        raise ValidationError({field: [_("Không có đơn vị này trong phạm vi của bạn.")]})
    return place


class IdFilter(django_filters.NumberFilter):
    """A record's database id: a whole number from 1 to what a column holds,
    so a fuzzed or mistyped id is a 400 naming the filter, never a crash in
    the database driver."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return MaxValueValidator(LARGEST_ID)


class RecordChoicesInScope:
    """Cuts the choices of every record filter (ModelChoiceFilter,
    ModelMultipleChoiceFilter) to the caller's scope; shared reference data
    (terms, post types) stays whole, as `in_scope` leaves it. A record
    outside scope, an unknown id and a malformed one all get the same 400."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, QuerySetRequestMixin):
                self._scope_choices(filter_)
            elif isinstance(filter_, (AllValuesFilter, AllValuesMultipleFilter)):
                # Its choices are read from every row of the table, in scope or not.
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{name}: an AllValuesFilter offers values of "
                    "records outside the caller's scope; use a ChoiceFilter or a CharFilter."
                )

    def _scope_choices(self, filter_):
        # `self.filters` are this instance's own copies: changing them here
        # leaves the class and other requests alone.
        queryset = filter_.get_queryset(self.request)
        if queryset is None:
            return
        filter_.queryset = scoped(queryset, self.request)
        message = OUT_OF_SCOPE_FILTER_CHOICE % {"record": queryset.model._meta.verbose_name}
        filter_.extra["error_messages"] = {"invalid_choice": message, "invalid_pk_value": message}


class ScopedFilterSet(RecordChoicesInScope, django_filters.FilterSet):
    """Base of every filter set of the API."""


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with record choices in the caller's scope
    for every list: declared filter sets must derive from ScopedFilterSet,
    and those built from `filterset_fields` do."""

    filterset_base = type("ScopedAutoFilterSet", (RecordChoicesInScope, RestFilterSet), {})

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, RecordChoicesInScope):
            raise ImproperlyConfigured(
                f"{filterset_class.__name__} must derive from core.rest.filters.ScopedFilterSet, "
                "so that its record filters offer only what the caller may see."
            )
        return filterset_class


class PlaceFilterSet(ScopedFilterSet):
    place = django_filters.CharFilter(
        method="filter_place",
        label=_("Mã đơn vị hành chính; gồm mọi đơn vị trực thuộc"),
    )
    place_id = IdFilter(
        method="filter_place_id",
        label=_("Mã số (id) đơn vị; gồm mọi đơn vị trực thuộc"),
    )

    def filter_place(self, queryset, name, value):
        return queryset.within(place_for(self.request, code=value))

    def filter_place_id(self, queryset, name, value):
        return queryset.within(place_for(self.request, pk=value))


class SearchFilterSet(ScopedFilterSet):
    """`search_field` names the folded column (a `search_name`)."""

    search_field = "search_name"
    search = django_filters.CharFilter(
        method="filter_search", label=_("Tìm theo tên, không phân biệt dấu và hoa thường")
    )

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(**{f"{self.search_field}__contains": word})
        return queryset


class DatedFilterSet(ScopedFilterSet):
    """`dated_by` names the first and last day a record is in force."""

    dated_by = ("start_date", "end_date")
    date = django_filters.DateFilter(
        method="filter_date",
        label=_("Còn hiệu lực vào ngày"),
        validators=[validate_date_in_range],
    )
    period = django_filters.CharFilter(
        method="filter_period",
        label=_("Có hiệu lực trong kỳ: 2023-07, 2023-Q3, 2023-H1, 2023 hoặc 2021..2023"),
    )

    def filter_date(self, queryset, name, value):
        return queryset.filter(in_force(*self.dated_by, value, value))

    def filter_period(self, queryset, name, value):
        try:
            period = Period.parse(value)
        except PeriodError as error:
            raise ValidationError({"period": [str(error)]}) from None
        return queryset.filter(in_force(*self.dated_by, period.start, period.end))
